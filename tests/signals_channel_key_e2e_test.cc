// Signal reports end to end: a partner channel's key passed on from the partner device that
// made it to the channel's other partner devices (a linked device of the same partner and a
// second partner user), and a forged key share dropped by its receiver.
#include "clients/group_crypto.h"
#include "crypto/primitives.h"
#include "tests/signals_env.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

class SignalsChannelKeyTest : public SignalsEnv {
 protected:
  // A second partner user of the municipality channel, with one device.
  std::unique_ptr<client::Client> JoinMunicipality(const std::string& name) {
    v1::CreateInvite partner;
    partner.set_kind(v1::INVITE_CHANNEL);
    partner.set_channel_id(ToString(municipality_));
    return Join(name, Invite(*admin_, partner));
  }
};

const client::PartnerChannel* ChannelOf(const client::Client& c, const Bytes& channel_id) {
  for (const client::PartnerChannel& ch : c.state().signals().channels())
    if (ch.channel_id() == ToString(channel_id)) return &ch;
  return nullptr;
}

bool AnyWarningHas(client::Client& c, const std::string& part) {
  for (const std::string& w : c.TakeWarnings())
    if (w.find(part) != std::string::npos) return true;
  return false;
}

// `sender` seals a ChannelKeyShare{channel, secret} to every device of `to_user`.
void SendChannelKey(WireSession& sender, const crypto::DeviceIdentity& device, const Bytes& channel,
                    const std::string& to_user, ByteView secret) {
  v1::ClientMessage list;
  list.mutable_list_channel_partners()->set_channel_id(ToString(channel));
  auto partners = sender.Call(std::move(list));
  ASSERT_TRUE(partners.ok() && partners->has_channel_partners());
  v1::DirectContent content;
  content.mutable_channel_key()->set_channel_id(ToString(channel));
  content.mutable_channel_key()->set_secret_key(ToString(secret));
  v1::ClientMessage send;
  for (const v1::Member& m : partners->channel_partners().partners())
    for (const v1::DeviceInfo& d : m.devices())
      if (m.user_id() == to_user) {
        auto envelope = client::SealedEnvelope(device, d, content);
        ASSERT_TRUE(envelope.ok()) << envelope.status().ToString();
        *send.mutable_send_direct()->add_envelopes() = *envelope;
      }
  ASSERT_EQ(send.send_direct().envelopes_size(), 1);
  auto ack = sender.Call(std::move(send));
  ASSERT_TRUE(ack.ok() && ack->has_direct_ack()) << (ack.ok() ? ack->DebugString() : "");
}

TEST_F(SignalsChannelKeyTest, OtherPartnerDevicesOpenTheDetailsAfterTheKeyHolderSyncs) {
  FileAndShare();
  v1::CreateInvite link;
  link.set_kind(v1::INVITE_DEVICE_LINK);
  std::unique_ptr<client::Client> linked = Join("gemeente-2", Invite(*gemeente_, link));
  std::unique_ptr<client::Client> colleague = JoinMunicipality("gemeente-b");
  for (client::Client* c : {linked.get(), colleague.get()}) {
    std::vector<client::PartnerCard> before = Cards(*c, municipality_);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_FALSE(before[0].opened);
    EXPECT_NE(before[0].problem.find("another partner device"), std::string::npos);
  }

  std::vector<client::PartnerCard> own = Cards(*gemeente_, municipality_);  // passes it on
  ASSERT_EQ(own.size(), 1u);
  ASSERT_TRUE(own[0].opened);
  EXPECT_EQ(ChannelOf(*gemeente_, municipality_)->key_given_to_size(), 2);
  for (client::Client* c : {linked.get(), colleague.get()}) {
    std::vector<client::PartnerCard> after = Cards(*c, municipality_);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_TRUE(after[0].opened) << after[0].problem;
    EXPECT_EQ(after[0].details_text, own[0].details_text);
    EXPECT_EQ(ChannelOf(*c, municipality_)->secret_key(),
              ChannelOf(*gemeente_, municipality_)->secret_key());
  }
  // Given once: a second sync of the holder sends nothing new.
  Cards(*gemeente_, municipality_);
  EXPECT_EQ(ChannelOf(*gemeente_, municipality_)->key_given_to_size(), 2);
}

// The key share can reach a new partner device before that device ever opened the channel:
// a plain sync (which reads the inbox) must keep it, not drop it as coming from a stranger.
TEST_F(SignalsChannelKeyTest, APartnerDeviceThatReadsItsInboxBeforeOpeningTheChannelKeepsTheKey) {
  FileAndShare();
  std::unique_ptr<client::Client> colleague = JoinMunicipality("gemeente-b");
  Cards(*gemeente_, municipality_);  // the holder gives the key to the new device
  ASSERT_EQ(ChannelOf(*colleague, municipality_), nullptr);  // never opened here

  ASSERT_TRUE(colleague->SyncAll().ok());  // reads the inbox first
  const client::PartnerChannel* kept = ChannelOf(*colleague, municipality_);
  ASSERT_NE(kept, nullptr) << "the key share was dropped";
  EXPECT_EQ(kept->secret_key(), ChannelOf(*gemeente_, municipality_)->secret_key());
  EXPECT_TRUE(Cards(*colleague, municipality_).at(0).opened);
}

TEST_F(SignalsChannelKeyTest, AKeyThatDoesNotMatchTheChannelsPublicKeyIsDropped) {
  FileAndShare();
  std::unique_ptr<client::Client> colleague = JoinMunicipality("gemeente-b");
  ASSERT_FALSE(Cards(*colleague, municipality_).at(0).opened);

  // The first partner's own device sends a key that is not the channel's.
  auto device = gemeente_->profile().LoadIdentity();
  ASSERT_TRUE(device.ok());
  WireSession raw;
  ASSERT_TRUE(raw.Open(server_->port()).ok());
  ASSERT_TRUE(raw.Authenticate(*device).ok());
  Bytes forged = crypto::RandomBytes(32);
  SendChannelKey(raw, *device, municipality_, colleague->state().user_id(), ByteView(forged));
  colleague->TakeWarnings();
  EXPECT_FALSE(Cards(*colleague, municipality_).at(0).opened);
  EXPECT_TRUE(AnyWarningHas(*colleague, "does not match the channel's public key"));
  EXPECT_TRUE(ChannelOf(*colleague, municipality_)->secret_key().empty());

  // Control: the real key from the same device is kept.
  Cards(*gemeente_, municipality_);
  EXPECT_TRUE(Cards(*colleague, municipality_).at(0).opened);
}

}  // namespace
}  // namespace weerbaar::testing
