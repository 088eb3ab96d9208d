#include "clients/signal_text.h"

#include <gtest/gtest.h>

#include "clients/group_crypto.h"

namespace weerbaar::client {
namespace {

TEST(SignalTextTest, EveryStatusTypeAndBucketNameParsesBackToItsValue) {
  for (v1::ShareStatus s :
       {v1::STATUS_RECEIVED, v1::STATUS_IN_PROGRESS, v1::STATUS_RESOLVED, v1::STATUS_REJECTED})
    EXPECT_EQ(*ParseShareStatus(ShareStatusName(s)), s);
  for (v1::ChannelType t :
       {v1::CHANNEL_MUNICIPALITY, v1::CHANNEL_POLICE, v1::CHANNEL_HOUSING, v1::CHANNEL_OTHER})
    EXPECT_EQ(*ParseChannelType(ChannelTypeName(t)), t);
  for (v1::TimeBucket b : {v1::BUCKET_HOUR, v1::BUCKET_DAY, v1::BUCKET_WEEK})
    EXPECT_EQ(*ParseTimeBucket(TimeBucketName(b)), b);
}

TEST(SignalTextTest, AnUnknownNameIsRefusedWithTheKnownOnes) {
  auto s = ParseShareStatus("done");
  EXPECT_EQ(s.status().code(), Code::kInvalidArgument);
  EXPECT_NE(s.status().message().find("in_progress"), std::string::npos);
  EXPECT_FALSE(ParseChannelType("Police").ok());
  EXPECT_FALSE(ParseTimeBucket("").ok());
}

TEST(SignalTextTest, ReportsAndStatusUpdatesRenderAsReadableHistoryLines) {
  v1::GroupContent report;
  report.mutable_report()->set_category("zwerfafval");
  report.mutable_report()->set_text("Afval");
  report.mutable_report()->set_lat(52.36);
  report.mutable_report()->set_lon(4.9);
  report.mutable_report()->set_photo("abc");
  EXPECT_EQ(RenderContent(report),
            "[report zwerfafval] Afval (at 52.36000,4.90000, photo 3 bytes)");
  v1::GroupContent update;
  update.mutable_share_update()->set_report_id(std::string("\xAB\xCD\x01\x02\x03", 5));
  update.mutable_share_update()->set_channel_name("Gemeente");
  update.mutable_share_update()->set_status(v1::STATUS_RESOLVED);
  EXPECT_EQ(RenderContent(update), "[status] report abcd0102 at Gemeente: resolved");
  update.mutable_share_update()->set_update_text("Container\x1b[2J geleegd\n");
  EXPECT_EQ(RenderContent(update), "[update] report abcd0102 Gemeente: Container [2J geleegd ");
  v1::GroupContent empty;
  EXPECT_EQ(RenderContent(empty), "[unsupported message type]");
}

TEST(SignalTextTest, APartnersUpdateIsCappedAtACharacterBoundary) {
  const std::string euro = "\xE2\x82\xAC";  // three bytes
  std::string long_text(kMaxShareUpdateTextBytes - 1, 'a');
  long_text += euro + "tail";
  EXPECT_EQ(CapShareUpdateText(long_text), std::string(kMaxShareUpdateTextBytes - 1, 'a'));
  EXPECT_EQ(CapShareUpdateText("kort " + euro), "kort " + euro);
  EXPECT_EQ(CapShareUpdateText(std::string(5000, 'b')).size(), kMaxShareUpdateTextBytes);
}

}  // namespace
}  // namespace weerbaar::client
