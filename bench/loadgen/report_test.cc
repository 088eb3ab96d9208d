#include "bench/loadgen/report.h"

#include <gtest/gtest.h>

namespace weerbaar::bench {
namespace {

Settings SmallSettings() {
  Settings s;
  s.fanout_sizes = {10};
  s.sender_counts = {1, 100};
  return s;
}

TEST(ReportTest, MediansAreTakenPerKeyOverTheRunsThatHaveIt) {
  Results m = Medians({{{"a", 1}, {"b", 10}}, {{"a", 3}}, {{"a", 2}, {"b", 20}}});
  EXPECT_EQ(m["a"], 2);
  EXPECT_EQ(m["b"], 15);
}

TEST(ReportTest, TheDurableRatioIsTheMostSendersOverTheBaseline) {
  Results r{{"durable.100.acks_per_s", 5000}, {"baseline.writes_per_s", 250}};
  AddDerived(SmallSettings(), r);
  EXPECT_DOUBLE_EQ(r["durable.ratio"], 20);
}

TEST(ReportTest, TheCpuPerAckAndTheSyncTimeAreDerived) {
  Results r{{"durable.1.acks", 1000},
            {"durable.1.server_cpu_s", 0.5},
            {"baseline.writes", 400},
            {"baseline.seconds", 2}};
  AddDerived(SmallSettings(), r);
  EXPECT_DOUBLE_EQ(r["durable.1.cpu_us_per_ack"], 500);
  EXPECT_DOUBLE_EQ(r["baseline.ms_per_sync"], 5);
}

TEST(ReportTest, EachRunsRatioIsShownBesideTheMedian) {
  const Results a{{"fanout.10.wb.joined", 11}, {"fanout.10.ratio", 1}};
  const Results b{{"fanout.10.wb.joined", 11}, {"fanout.10.ratio", 2}};
  std::string table = FormatTable(SmallSettings(), {a, b}, Medians({a, b}));
  EXPECT_NE(table.find("| 1.50x (1.00, 2.00) |"), std::string::npos) << table;
}

TEST(ReportTest, NoBaselineMeansNoRatio) {
  Results r{{"durable.100.acks_per_s", 5000}};
  AddDerived(SmallSettings(), r);
  EXPECT_EQ(r.count("durable.ratio"), 0u);
}

TEST(ReportTest, TheTableMarksGoalsMetAndMissed) {
  Results m{{"fanout.10.wb.joined", 11},
            {"fanout.10.ratio", 1.2},
            {"fanout.10.wb.per_cpu_s", 12000},
            {"fanout.10.ws.per_cpu_s", 10000},
            {"durable.100.acks", 900},
            {"baseline.writes", 90},
            {"durable.ratio", 12},
            {"idle.held", 9000},
            {"idle.asked", 12000}};
  std::string table = FormatTable(SmallSettings(), {m, m, m}, m);
  EXPECT_NE(table.find("| 12,000 | 10,000 | 1.20x (1.20, 1.20, 1.20) | >= 1.5x **missed** |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("12.00x (12.00, 12.00, 12.00) | >= 10x (100 senders / baseline) met |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("9,000 / 12,000 |  |  | 10,000 held **missed** |"), std::string::npos)
      << table;
  EXPECT_NE(table.find("Medians of 3 run(s)"), std::string::npos);
}

TEST(ReportTest, FewerIdleConnectionsThanTheGoalAreNotJudged) {
  const Results m{{"idle.held", 1000}, {"idle.asked", 1000}};
  std::string table = FormatTable(SmallSettings(), {m}, m);
  EXPECT_NE(table.find("| 10,000 held: not asked |"), std::string::npos) << table;
}

TEST(ReportTest, ScenariosThatDidNotRunHaveNoRows) {
  const Results m{{"idle.held", 5}};
  std::string table = FormatTable(SmallSettings(), {m}, m);
  EXPECT_EQ(table.find("fan-out"), std::string::npos) << table;
  EXPECT_EQ(table.find("durable"), std::string::npos) << table;
  EXPECT_NE(table.find("idle authenticated connections"), std::string::npos) << table;
}

TEST(ReportTest, SmallNumbersKeepThreeSignificantDigits) {
  const Results m{{"idle.held", 5}, {"idle.kib_per_conn", 0.01234}};
  std::string table = FormatTable(SmallSettings(), {m}, m);
  EXPECT_NE(table.find("| 0.0123 |"), std::string::npos) << table;
}

TEST(ReportTest, ErrorsOfAllScenariosAreSummed) {
  Results m{{"fanout.10.wb.errors", 2}, {"handshake.errors", 3}, {"idle.held", 5}};
  std::string table = FormatTable(SmallSettings(), {m}, m);
  EXPECT_NE(table.find("refused or undelivered messages) | 5.00 |"), std::string::npos) << table;
}

TEST(ReportTest, JsonHoldsEveryRunAndTheMedians) {
  std::string json = FormatJson(SmallSettings(), {{{"x", 1}}, {{"x", 3}}}, {{"x", 2}});
  EXPECT_NE(json.find("\"runs\": [{\"x\": 1}, {\"x\": 3}]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"median\": {\"x\": 2}"), std::string::npos) << json;
}

}  // namespace
}  // namespace weerbaar::bench
