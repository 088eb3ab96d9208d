#include "crypto/transcript.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

class AuthTranscriptTest : public ::testing::Test {
 protected:
  AuthTranscript Base() const {
    return {"authenticate", 1, server_id_, nonce_, device_.device_id(), {}};
  }
  DeviceIdentity device_ = DeviceIdentity::Generate();
  Bytes server_id_ = ToBytes("server-1");
  Bytes nonce_ = RandomBytes(32);
};

TEST_F(AuthTranscriptTest, AValidSignatureVerifies) {
  Bytes sig = SignAuthTranscript(device_, Base());
  EXPECT_TRUE(VerifyAuthTranscript(device_.signing_public(), Base(), sig));
}

TEST_F(AuthTranscriptTest, ChangingAnyFieldMakesVerificationFail) {
  Bytes sig = SignAuthTranscript(device_, Base());
  Bytes other_nonce = RandomBytes(32), other_server = ToBytes("server-2"), extra = ToBytes("x");
  Bytes other_device = DeviceIdentity::Generate().device_id();
  std::vector<std::pair<std::string, std::function<void(AuthTranscript&)>>> changes = {
      {"purpose", [](AuthTranscript& t) { t.purpose = "register"; }},
      {"version", [](AuthTranscript& t) { t.protocol_version = 2; }},
      {"server id", [&](AuthTranscript& t) { t.server_id = other_server; }},
      {"nonce", [&](AuthTranscript& t) { t.nonce = other_nonce; }},
      {"device id", [&](AuthTranscript& t) { t.device_id = other_device; }},
      {"extra", [&](AuthTranscript& t) { t.extra = extra; }},
  };
  for (const auto& [name, change] : changes) {
    AuthTranscript t = Base();
    change(t);
    EXPECT_FALSE(VerifyAuthTranscript(device_.signing_public(), t, sig)) << name;
  }
}

TEST_F(AuthTranscriptTest, ShiftingBytesBetweenFieldsMakesVerificationFail) {
  Bytes joined = ToBytes("server-1nonce");
  AuthTranscript a = Base(), b = Base();
  a.server_id = ByteView(joined).first(8);
  a.nonce = ByteView(joined).subspan(8);
  b.server_id = ByteView(joined).first(9);
  b.nonce = ByteView(joined).subspan(9);
  Bytes sig = SignAuthTranscript(device_, a);
  EXPECT_TRUE(VerifyAuthTranscript(device_.signing_public(), a, sig));
  EXPECT_FALSE(VerifyAuthTranscript(device_.signing_public(), b, sig));
}

TEST_F(AuthTranscriptTest, AnotherDevicesKeyOrAMalformedSignatureFails) {
  Bytes sig = SignAuthTranscript(device_, Base());
  EXPECT_FALSE(VerifyAuthTranscript(DeviceIdentity::Generate().signing_public(), Base(), sig));
  EXPECT_FALSE(VerifyAuthTranscript(device_.signing_public(), Base(), ByteView(sig).first(10)));
  EXPECT_FALSE(VerifyAuthTranscript({}, Base(), sig));
}

// Pins the byte layout that other implementations (the web client) must reproduce.
TEST(EncodeAuthTranscriptTest, LengthPrefixesEveryVariableField) {
  Bytes server = {0xaa}, nonce = {0xbb, 0xcc}, device = {0xdd}, extra = {};
  AuthTranscript t{"register", 7, server, nonce, device, extra};
  EXPECT_EQ(HexEncode(EncodeAuthTranscript(t)),
            "00000010" + HexEncode(AsBytes("weerbaar/auth/v1")) + "00000008" +
                HexEncode(AsBytes("register")) + "00000007" + "00000001aa" + "00000002bbcc" +
                "00000001dd" + "00000000");
}

TEST_F(AuthTranscriptTest, TheSignatureIsOverTheEncodedTranscript) {
  Bytes sig = SignAuthTranscript(device_, Base());
  EXPECT_TRUE(Verify(device_.signing_public(), EncodeAuthTranscript(Base()), sig));
}

TEST(RegisterExtraTest, IsTheInviteHashFollowedByTheAgreementKey) {
  Bytes key(32, 3);
  Bytes extra = RegisterExtra("invite-token", key);
  ASSERT_EQ(extra.size(), 64u);
  EXPECT_EQ(Bytes(extra.begin(), extra.begin() + 32), Hash(AsBytes("invite-token"), 32));
  EXPECT_EQ(Bytes(extra.begin() + 32, extra.end()), key);
}

TEST_F(AuthTranscriptTest, RegisterExtraBindsTheInviteAndTheKey) {
  DeviceIdentity other = DeviceIdentity::Generate();
  Bytes extra = RegisterExtra("invite-a", device_.agreement_public());
  Bytes other_invite = RegisterExtra("invite-b", device_.agreement_public());
  Bytes other_key = RegisterExtra("invite-a", other.agreement_public());
  AuthTranscript t = Base();
  t.purpose = "register";
  t.extra = extra;
  Bytes sig = SignAuthTranscript(device_, t);
  EXPECT_TRUE(VerifyAuthTranscript(device_.signing_public(), t, sig));
  t.extra = other_invite;
  EXPECT_FALSE(VerifyAuthTranscript(device_.signing_public(), t, sig));
  t.extra = other_key;
  EXPECT_FALSE(VerifyAuthTranscript(device_.signing_public(), t, sig));
}

}  // namespace
}  // namespace weerbaar::crypto
