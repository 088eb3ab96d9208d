#include "crypto/http_transcript.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "crypto/primitives.h"
#include "crypto/transcript.h"

namespace weerbaar::crypto {
namespace {

class HttpTranscriptTest : public ::testing::Test {
 protected:
  HttpRequestTranscript Base() const {
    return {"GET",      "/open311/v2/x/requests.json?status=open",
            server_id_, 1'700'000'000'000,
            nonce_,     device_.device_id()};
  }
  DeviceIdentity device_ = DeviceIdentity::Generate();
  Bytes server_id_ = ToBytes("server-1");
  Bytes nonce_ = RandomBytes(16);
};

TEST_F(HttpTranscriptTest, AValidSignatureVerifies) {
  Bytes sig = SignHttpRequest(device_, Base());
  EXPECT_TRUE(VerifyHttpRequest(device_.signing_public(), Base(), sig));
}

TEST_F(HttpTranscriptTest, ChangingAnyFieldMakesVerificationFail) {
  Bytes sig = SignHttpRequest(device_, Base());
  Bytes other_nonce = RandomBytes(16), other_server = ToBytes("server-2");
  Bytes other_device = DeviceIdentity::Generate().device_id();
  std::vector<std::pair<std::string, std::function<void(HttpRequestTranscript&)>>> changes = {
      {"method", [](HttpRequestTranscript& t) { t.method = "HEAD"; }},
      {"target", [](HttpRequestTranscript& t) { t.target = "/open311/v2/x/requests.json"; }},
      {"server id", [&](HttpRequestTranscript& t) { t.server_id = other_server; }},
      {"time", [](HttpRequestTranscript& t) { t.time_ms += 1; }},
      {"nonce", [&](HttpRequestTranscript& t) { t.nonce = other_nonce; }},
      {"device id", [&](HttpRequestTranscript& t) { t.device_id = other_device; }},
  };
  for (const auto& [name, change] : changes) {
    HttpRequestTranscript t = Base();
    change(t);
    EXPECT_FALSE(VerifyHttpRequest(device_.signing_public(), t, sig)) << name;
  }
  EXPECT_FALSE(VerifyHttpRequest(DeviceIdentity::Generate().signing_public(), Base(), sig));
}

TEST_F(HttpTranscriptTest, TheEncodingIsLengthPrefixedSoFieldsCannotShift) {
  // "GET" + "/a" and "GE" + "T/a" must differ, and the layout is the documented one.
  HttpRequestTranscript a = Base(), b = Base();
  a.method = "GET";
  a.target = "/a";
  b.method = "GE";
  b.target = "T/a";
  EXPECT_NE(EncodeHttpRequestTranscript(a), EncodeHttpRequestTranscript(b));
  const Bytes encoded = EncodeHttpRequestTranscript(a);
  const size_t expected = 4 + kHttpRequestContext.size() + 4 + 3 + 4 + 2 + 4 + server_id_.size() +
                          8 + 4 + 16 + 4 + device_.device_id().size();
  EXPECT_EQ(encoded.size(), expected);
  EXPECT_EQ(encoded[3], kHttpRequestContext.size());
}

TEST_F(HttpTranscriptTest, AnAuthenticationSignatureIsNeverARequestSignature) {
  // Domain separation: the same device's answer to an auth challenge must not verify here.
  AuthTranscript auth{"authenticate", 1, server_id_, nonce_, device_.device_id(), {}};
  Bytes sig = SignAuthTranscript(device_, auth);
  EXPECT_FALSE(VerifyHttpRequest(device_.signing_public(), Base(), sig));
}

}  // namespace
}  // namespace weerbaar::crypto
