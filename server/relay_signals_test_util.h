// Test fixture for partner channels and shares through the relay: a community with an
// admin, leader, members and partners (NeighbourhoodTest), a municipality and a police
// channel with a partner and a channel key each, and helpers to share, withdraw and sync.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "crypto/channel_seal.h"
#include "crypto/consent.h"
#include "crypto/primitives.h"
#include "server/relay_retention_test_util.h"
#include "server/relay_test_util.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

using Body = v1::ServerMessage::BodyCase;

class RelaySignalsTest : public NeighbourhoodTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(NeighbourhoodTest::SetUp());
    muni = NewChannel(v1::CHANNEL_MUNICIPALITY, {"zwerfafval"});
    police = NewChannel(v1::CHANNEL_POLICE, {"verdacht-persoon", "inbraak"});
    muni_partner = Join(Invite(*admin, v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, muni), "Gem");
    police_partner = Join(Invite(*admin, v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, police), "Pol");
    ASSERT_TRUE(Call(*muni_partner, KeyReq(muni, muni_key.public_key)).has_ok());
    ASSERT_TRUE(Call(*police_partner, KeyReq(police, police_key.public_key)).has_ok());
  }

  std::string NewChannel(v1::ChannelType type, std::vector<std::string> categories) {
    v1::ClientMessage req = ChannelReq(type, categories);
    v1::ServerMessage reply = Call(*admin, req);
    EXPECT_TRUE(reply.has_channel_created()) << reply.DebugString();
    return reply.channel_created().channel_id();
  }
  v1::ClientMessage ChannelReq(v1::ChannelType type, const std::vector<std::string>& categories) {
    v1::ClientMessage req;
    v1::CreateChannel* c = req.mutable_create_channel();
    c->set_community_id(community);
    c->set_name("Kanaal");
    c->mutable_policy()->set_type(type);
    c->mutable_policy()->set_location_precision(6);
    c->mutable_policy()->set_may_ask_questions(true);
    for (const std::string& cat : categories) c->mutable_policy()->add_accepted_categories(cat);
    return req;
  }
  static v1::ClientMessage KeyReq(const std::string& channel, const Bytes& key) {
    v1::ClientMessage req;
    req.mutable_set_channel_key()->set_channel_id(channel);
    req.mutable_set_channel_key()->set_public_key(ToString(key));
    return req;
  }

  crypto::ConsentRecord Consent(const TestClient& by, const std::string& channel) {
    return {ToBytes(report_id),
            ToBytes(channel),
            "handling",
            {"category", "details", "location", "time"},
            clock_.NowMillis() + 7 * static_cast<int64_t>(kDay),
            clock_.NowMillis(),
            by.identity.device_id()};
  }
  // A share of the report by `by`, consented and sealed to the channel's key.
  v1::ClientMessage ShareReq(const TestClient& by, const std::string& channel,
                             const Bytes& channel_key, const std::string& category,
                             crypto::ConsentRecord consent) {
    v1::ClientMessage req;
    v1::ShareReport* s = req.mutable_share_report();
    s->set_channel_id(channel);
    s->set_consent(ToString(crypto::EncodeConsent(consent).value()));
    s->set_consent_signature(ToString(crypto::SignConsent(by.identity, consent).value()));
    s->mutable_card()->set_category(category);
    s->mutable_card()->set_geohash("u173zqxy");
    s->mutable_card()->set_timestamp_ms(clock_.NowMillis());
    s->mutable_card()->set_community_id(community);
    v1::SharedDetails details;
    details.set_text("Vuilniszakken bij de [adres]");
    details.set_reply_public_key(ToString(reply_key.public_key));
    Bytes aad = crypto::ShareAad(consent.report_id, ToBytes(channel)).value();
    s->set_sealed_details(ToString(
        crypto::SealToChannel(channel_key, ToBytes(details.SerializeAsString()), aad).value()));
    return req;
  }
  std::string Share(TestClient& by, const std::string& channel, const Bytes& channel_key,
                    const std::string& category = "zwerfafval") {
    v1::ServerMessage reply =
        Call(by, ShareReq(by, channel, channel_key, category, Consent(by, channel)));
    EXPECT_TRUE(reply.has_share_accepted()) << reply.DebugString();
    return reply.share_accepted().share_id();
  }
  v1::ClientMessage WithdrawReq(const TestClient& by, const std::string& channel) {
    crypto::ConsentWithdrawal w{ToBytes(report_id), ToBytes(channel), clock_.NowMillis(),
                                by.identity.device_id()};
    v1::ClientMessage req;
    req.mutable_withdraw_consent()->set_withdrawal(ToString(crypto::EncodeWithdrawal(w).value()));
    req.mutable_withdraw_consent()->set_signature(
        ToString(crypto::SignWithdrawal(by.identity, w).value()));
    return req;
  }
  v1::ServerMessage Sync(TestClient& by, const std::string& channel) {
    v1::ClientMessage req;
    req.mutable_sync_channel()->set_channel_id(channel);
    return Call(by, req);
  }
  v1::ServerMessage Status(TestClient& by, const std::string& share, v1::ShareStatus status) {
    v1::ClientMessage req;
    req.mutable_set_share_status()->set_share_id(share);
    req.mutable_set_share_status()->set_status(status);
    return Call(by, req);
  }
  Bytes Aad(const std::string& channel) {
    return crypto::ShareAad(ToBytes(report_id), ToBytes(channel)).value();
  }

  std::string muni, police;
  crypto::X25519KeyPair muni_key = crypto::X25519KeyPair::Generate();
  crypto::X25519KeyPair police_key = crypto::X25519KeyPair::Generate();
  crypto::X25519KeyPair reply_key = crypto::X25519KeyPair::Generate();
  std::unique_ptr<TestClient> muni_partner, police_partner;
  std::string report_id = NewTestId();
};

}  // namespace weerbaar::server
