// A partner's update end to end (docs/signals.md, "Updates"): the real server binary and real
// clients. The municipality posts an update; Anna's device relays it into the report's group
// once, where Bram reads it. A partner of another channel cannot post one, and a box the
// server moves between the question and the update messages opens as neither.
#include <algorithm>

#include "clients/signal_text.h"
#include "crypto/channel_seal.h"
#include "tests/signals_env.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

using Body = v1::ServerMessage;
using SignalsUpdateE2eTest = SignalsEnv;

size_t CountHistory(const std::vector<client::HistoryEntry>& entries, std::string_view text) {
  return std::count_if(entries.begin(), entries.end(), [&](const client::HistoryEntry& e) {
    return e.text().find(text) != std::string::npos;
  });
}

// A raw connection as the device of `who` (to send what its client would not).
void OpenAs(WireSession& raw, client::Client& who, int port) {
  auto device = who.profile().LoadIdentity();
  ASSERT_TRUE(device.ok()) << device.status().ToString();
  ASSERT_TRUE(raw.Open(port).ok());
  ASSERT_TRUE(raw.Authenticate(*device).ok());
}

v1::ClientMessage ToReporter(const Bytes& share, const Bytes& sealed, bool as_update) {
  v1::ClientMessage req;
  if (as_update) {
    req.mutable_post_share_update()->set_share_id(ToString(share));
    req.mutable_post_share_update()->set_sealed(ToString(sealed));
  } else {
    req.mutable_ask_question()->set_share_id(ToString(share));
    req.mutable_ask_question()->set_sealed(ToString(sealed));
  }
  return req;
}

bool Accepted(WireSession& raw, v1::ClientMessage req) {
  auto reply = raw.Call(std::move(req));
  return reply.ok() && reply->has_ok();
}

TEST_F(SignalsUpdateE2eTest, AMunicipalityUpdateReachesTheOtherResidentInTheGroupOnce) {
  FileAndShare();
  ASSERT_EQ(Cards(*gemeente_, municipality_).size(), 1u);
  ASSERT_TRUE(gemeente_->PostShareUpdate(share_, "De container wordt morgen geleegd.").ok());
  ExpectPush(*anna_, Body::kPushShareThread);  // Anna's device relays it into the group
  auto mine = anna_->ListMyShares();           // lists the same update again: no second post
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ((*mine)[0].thread.size(), 1u);
  EXPECT_TRUE((*mine)[0].thread[0].is_update);
  EXPECT_EQ((*mine)[0].thread[0].text, "De container wordt morgen geleegd.");

  auto group = bram_->Sync(group_);
  ASSERT_TRUE(group.ok()) << group.status().ToString();
  const std::string line = "[update] report " + client::ShortHex(ToString(report_)) +
                           " Gemeente: De container wordt morgen geleegd.";
  EXPECT_EQ(CountHistory(*group, line), 1u);
  auto cards = gemeente_->PartnerCards(municipality_);
  ASSERT_TRUE(cards.ok());
  ASSERT_EQ((*cards)[0].thread.size(), 1u);
  EXPECT_TRUE((*cards)[0].thread[0].is_update);
  EXPECT_EQ((*cards)[0].thread[0].text, "De container wordt morgen geleegd.");  // its own copy
}

TEST_F(SignalsUpdateE2eTest, ThePolicePartnerCannotPostAnUpdateOnAMunicipalityShare) {
  FileAndShare();
  auto cards = Cards(*gemeente_, municipality_);
  ASSERT_EQ(cards.size(), 1u);
  Bytes aad = *crypto::ShareUpdateAad(report_, municipality_);
  Bytes sealed = *crypto::SealToReplyHandle(AsBytes(cards[0].reply_public_key),
                                            ToBytes("Wij nemen het over"), aad);
  WireSession raw;
  ASSERT_NO_FATAL_FAILURE(OpenAs(raw, *politie_, server_->port()));
  auto reply = raw.Call(ToReporter(share_, sealed, true));
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_TRUE(reply->has_error());
  EXPECT_EQ(reply->error().code(), v1::NOT_FOUND);
  EXPECT_EQ(politie_->PostShareUpdate(share_, "Wij nemen het over").code(), Code::kNotFound);
  auto mine = anna_->ListMyShares();
  ASSERT_TRUE(mine.ok());
  EXPECT_TRUE((*mine)[0].thread.empty());
  auto group = bram_->Sync(group_);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(CountHistory(*group, "Wij nemen het over"), 0u);
}

// The server (here a raw partner connection) sends an update's box as a question and a
// question's box as an update: Anna's client opens neither, and posts nothing.
TEST_F(SignalsUpdateE2eTest, AnUpdateSentAsAQuestionOrAQuestionAsAnUpdateDoesNotOpen) {
  FileAndShare();
  auto cards = Cards(*gemeente_, municipality_);
  ASSERT_EQ(cards.size(), 1u);
  const ByteView reply_key = AsBytes(cards[0].reply_public_key);
  Bytes update = *crypto::SealToReplyHandle(reply_key, ToBytes("geheim bericht"),
                                            *crypto::ShareUpdateAad(report_, municipality_));
  Bytes question = *crypto::SealToReplyHandle(reply_key, ToBytes("openbaar gemaakt"),
                                              *crypto::ShareAad(report_, municipality_));
  WireSession raw;
  ASSERT_NO_FATAL_FAILURE(OpenAs(raw, *gemeente_, server_->port()));
  ASSERT_TRUE(Accepted(raw, ToReporter(share_, update, false)));
  ASSERT_TRUE(Accepted(raw, ToReporter(share_, question, true)));
  // The control: the update's box sent as the update it is opens.
  ASSERT_TRUE(Accepted(raw, ToReporter(share_, update, true)));

  auto mine = anna_->ListMyShares();
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  const std::vector<client::ThreadLine>& thread = (*mine)[0].thread;
  ASSERT_EQ(thread.size(), 3u);
  EXPECT_FALSE(thread[0].opened);
  EXPECT_FALSE(thread[0].is_update);
  EXPECT_FALSE(thread[1].opened);
  EXPECT_TRUE(thread[1].is_update);
  EXPECT_TRUE(thread[2].opened);
  EXPECT_EQ(thread[2].text, "geheim bericht");
  EXPECT_TRUE(anna_->TakeQuestions().empty());
  auto group = bram_->Sync(group_);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(CountHistory(*group, "openbaar gemaakt"), 0u);
  EXPECT_EQ(CountHistory(*group, "geheim bericht"), 1u);  // only as the update it was made
}

}  // namespace
}  // namespace weerbaar::testing
