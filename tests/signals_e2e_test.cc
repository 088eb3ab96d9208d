// Signal reports end to end (issue 3, docs/signals.md): the real server binary, real clients
// of the client library and one run of the real CLI. A report goes into the group, a
// privacy-filtered copy to one partner channel by consent, status and questions come back,
// and a withdrawal removes the copy from every partner device and from the data folder.
#include <algorithm>

#include "clients/group_state.h"
#include "clients/signal_text.h"
#include "crypto/consent.h"
#include "signals/geohash.h"
#include "storage/disk_scan_test_util.h"
#include "tests/signals_env.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

using Body = v1::ServerMessage;

bool HistoryHas(const std::vector<client::HistoryEntry>& entries, std::string_view text) {
  return std::any_of(entries.begin(), entries.end(), [&](const client::HistoryEntry& e) {
    return e.text().find(text) != std::string::npos;
  });
}

using SignalsE2eTest = SignalsEnv;

TEST_F(SignalsE2eTest, AShareReachesOnlyItsChannelScrubbedAndCoarseAndItsStatusReachesTheGroup) {
  auto report = anna_->FileReport(group_, Litter());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto seen = bram_->Sync(group_);  // the other resident reads the report in the group
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(HistoryHas(*seen, "[report zwerfafval] Vuilniszakken"));
  EXPECT_TRUE(HistoryHas(*seen, "06-12345678"));  // the group gets the report as written

  Bytes report_id = ToBytes(report->report_id());
  auto preview = anna_->PreviewShare(report_id, municipality_, {});
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->card.geohash, *signals::EncodeGeohash(kLat, kLon, 6));
  EXPECT_EQ(preview->details_text,
            "Vuilniszakken naast de container. [naam] weet meer: [telefoon] of [e-mail].");
  EXPECT_FALSE(preview->photo);
  EXPECT_FALSE(preview->contact);
  auto share = anna_->ShareReport(report_id, municipality_, {});
  ASSERT_TRUE(share.ok()) << share.status().ToString();

  std::vector<client::PartnerCard> cards = Cards(*gemeente_, municipality_);
  ASSERT_EQ(cards.size(), 1u);
  const client::PartnerCard& card = cards[0];
  EXPECT_TRUE(card.opened) << card.problem;
  EXPECT_EQ(card.share.share_id(), ToString(*share));
  EXPECT_EQ(card.share.card().category(), "zwerfafval");
  EXPECT_EQ(card.share.card().geohash(), *preview->card.geohash);  // the preview was exact
  EXPECT_EQ(card.share.card().time_bucket_start_ms(), *preview->card.time_bucket_start_ms);
  EXPECT_EQ(card.details_text, preview->details_text);
  EXPECT_FALSE(card.contact.has_value());

  // The police partner sees nothing of it, and cannot touch it by id.
  EXPECT_TRUE(Cards(*politie_, police_).empty());
  EXPECT_EQ(politie_->SetShareStatus(*share, v1::STATUS_IN_PROGRESS).code(), Code::kNotFound);

  // in_progress: the status push reaches Anna's device, which posts it into the group once.
  ASSERT_TRUE(gemeente_->SetShareStatus(*share, v1::STATUS_IN_PROGRESS).ok());
  ExpectPush(*anna_, Body::kPushShareStatus);
  auto mine = anna_->ListMyShares();  // sees the same status again: no second post
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].share.status(), v1::STATUS_IN_PROGRESS);
  auto update = bram_->Sync(group_);
  ASSERT_TRUE(update.ok());
  ASSERT_EQ(update->size(), 1u);
  EXPECT_EQ((*update)[0].text(), "[status] report " + client::ShortHex(report->report_id()) +
                                     " at Gemeente: in_progress");
}

TEST_F(SignalsE2eTest, QuestionsTravelThroughTheReplyHandleAndNeverIntoTheGroup) {
  FileAndShare();
  ASSERT_EQ(Cards(*gemeente_, municipality_).size(), 1u);
  ASSERT_TRUE(gemeente_->AskQuestion(share_, "Welke container bedoelt u?").ok());
  ASSERT_TRUE(bram_->SendText(group_, "Ik zag het ook").ok());  // ends Anna's listening
  std::vector<client::ShareQuestion> questions;
  client::ListenOptions listen{1, client::Timeout(10'000),
                               [&](const client::ShareQuestion& q) { questions.push_back(q); }};
  auto heard = anna_->Listen([](const client::ReceivedMessage&) { return true; }, listen);
  ASSERT_TRUE(heard.ok()) << heard.status().ToString();
  EXPECT_EQ(*heard, 1u);  // Bram's message; the question came as a question, not a message
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_EQ(questions[0].share_id, ToString(share_));
  EXPECT_EQ(questions[0].text, "Welke container bedoelt u?");
  auto mine = anna_->ListMyShares();  // an offline device reads it from the list
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ((*mine)[0].thread.size(), 1u);
  EXPECT_TRUE((*mine)[0].thread[0].opened);
  EXPECT_EQ((*mine)[0].thread[0].text, "Welke container bedoelt u?");

  ASSERT_TRUE(anna_->AnswerQuestion(share_, "Die bij nummer 12.").ok());
  ExpectPush(*gemeente_, Body::kPushShareThread);
  auto cards = gemeente_->PartnerCards(municipality_);
  ASSERT_TRUE(cards.ok());
  ASSERT_EQ((*cards)[0].thread.size(), 2u);
  EXPECT_TRUE((*cards)[0].thread[1].opened);
  EXPECT_EQ((*cards)[0].thread[1].text, "Die bij nummer 12.");
  // Each side sees what it sent, from its own copy (the box is sealed for the other side).
  EXPECT_TRUE((*cards)[0].thread[0].opened);
  EXPECT_EQ((*cards)[0].thread[0].text, "Welke container bedoelt u?");
  mine = anna_->ListMyShares();
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ((*mine)[0].thread.size(), 2u);
  EXPECT_TRUE((*mine)[0].thread[1].opened);
  EXPECT_EQ((*mine)[0].thread[1].text, "Die bij nummer 12.");

  auto group = bram_->Sync(group_);
  ASSERT_TRUE(group.ok());
  EXPECT_FALSE(HistoryHas(*group, "Welke container"));
  EXPECT_FALSE(HistoryHas(*group, "nummer 12"));
}

TEST_F(SignalsE2eTest, ASuspiciousPersonReportGoesToThePoliceOnlyAndWithoutAPhotoInTheGroup) {
  client::ReportDraft draft{
      "verdacht-persoon", "Man probeert fietsen open te breken", kLat, kLon, "\xFF\xD8 a photo", 0};
  EXPECT_EQ(anna_->FileReport(group_, draft).status().code(), Code::kPermissionDenied);
  draft.photo.clear();
  auto report = anna_->FileReport(group_, draft);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  Bytes id = ToBytes(report->report_id());
  EXPECT_EQ(anna_->PreviewShare(id, municipality_, {}).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(anna_->ShareReport(id, municipality_, {}).status().code(), Code::kPermissionDenied);
  auto share = anna_->ShareReport(id, police_, {});
  ASSERT_TRUE(share.ok()) << share.status().ToString();
  std::vector<client::PartnerCard> cards = Cards(*politie_, police_);
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].share.card().category(), "verdacht-persoon");
  EXPECT_EQ(cards[0].share.card().geohash().size(), 5u);
  EXPECT_EQ(cards[0].details_text, "Man probeert fietsen open te breken");
  EXPECT_TRUE(Cards(*gemeente_, municipality_).empty());
}

TEST_F(SignalsE2eTest, TrendsShowACellOnlyOnceTwoResidentsReportedInIt) {
  const int64_t now = SystemClock::Default()->NowMillis(), day = 24 * 3600 * 1000;
  FileAndShare();
  auto alone = gemeente_->GetTrends(municipality_, now - 7 * day, now + day);
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  EXPECT_EQ(alone->cells_size(), 0);
  EXPECT_EQ(alone->suppressed_reports(), 1u);  // one reporter: k-anonymity hides her

  auto report = bram_->FileReport(group_, Litter());
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(bram_->ShareReport(ToBytes(report->report_id()), municipality_, {}).ok());
  auto two = leader_->GetTrends(municipality_, now - 7 * day, now + day);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ASSERT_EQ(two->cells_size(), 1);
  EXPECT_EQ(two->cells(0).category(), "zwerfafval");
  EXPECT_EQ(two->cells(0).reports(), 2u);
  EXPECT_EQ(two->cells(0).area(), *signals::EncodeGeohash(kLat, kLon, 6));
  EXPECT_EQ(two->suppressed_reports(), 0u);
  EXPECT_EQ(anna_->GetTrends(municipality_, now - 7 * day, now + day).status().code(),
            Code::kPermissionDenied);  // residents see no trends
}

}  // namespace
}  // namespace weerbaar::testing
