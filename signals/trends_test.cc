#include "signals/trends.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "signals/calendar.h"

namespace weerbaar::signals {
namespace {

constexpr int64_t kWeek2 = 1'704'700'800'000;  // Mon 2024-01-08: 2024-W02

TrendInput Card(std::string geohash, int reporter, std::string category = "zwerfafval",
                int64_t time = kWeek2) {
  return {std::move(category), std::move(geohash), time, Bytes{static_cast<uint8_t>(reporter)}};
}

std::vector<TrendInput> Reporters(const std::string& geohash, int first, int count) {
  std::vector<TrendInput> out;
  for (int r = first; r < first + count; ++r) out.push_back(Card(geohash, r));
  return out;
}

void Append(std::vector<TrendInput>& to, const std::vector<TrendInput>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

TEST(TrendsTest, ShowsACellWithKDistinctReportersAtFullPrecision) {
  Trends t = ComputeTrends(Reporters("u173zq", 0, 5), {}).value();
  ASSERT_EQ(t.cells.size(), 1u);
  EXPECT_EQ(t.cells[0].area, "u173zq");
  EXPECT_EQ(t.cells[0].week, "2024-W02");
  EXPECT_EQ(t.cells[0].category, "zwerfafval");
  EXPECT_EQ(t.cells[0].reports, 5);
  EXPECT_EQ(t.cells[0].reporters, 5);
  EXPECT_EQ(t.suppressed_reports, 0);
}

TEST(TrendsTest, RollsSmallCellsUpUntilTogetherTheyReachK) {
  std::vector<TrendInput> in = Reporters("u173zq", 0, 2);
  Append(in, Reporters("u173zr", 2, 2));
  Append(in, Reporters("u173yb", 4, 1));
  Trends t = ComputeTrends(in, {}).value();
  ASSERT_EQ(t.cells.size(), 1u);
  EXPECT_EQ(t.cells[0].area, "u173");  // u173z has 4 reporters: not enough; u173 has 5
  EXPECT_EQ(t.cells[0].reports, 5);
}

TEST(TrendsTest, ASingleReporterNeverMakesACellOnTheirOwn) {
  std::vector<TrendInput> in;
  for (int i = 0; i < 20; ++i) in.push_back(Card("u173zq", 7));
  Trends t = ComputeTrends(in, {}).value();
  EXPECT_TRUE(t.cells.empty());
  EXPECT_EQ(t.suppressed_reports, 20);
}

TEST(TrendsTest, SuppressesWhatIsStillSmallAtTheCoarsestLevel) {
  std::vector<TrendInput> in = Reporters("u173zq", 0, 6);
  Append(in, Reporters("u2bbbb", 10, 3));  // another region, alone
  Trends t = ComputeTrends(in, {.k = 5, .coarsest_length = 4}).value();
  ASSERT_EQ(t.cells.size(), 1u);
  EXPECT_EQ(t.cells[0].area, "u173zq");
  EXPECT_EQ(t.suppressed_reports, 3);
  // Rolled up all the way to "u", the 3 are still alone: a shown cell never lends its
  // cards to a parent.
  t = ComputeTrends(in, {.k = 5, .coarsest_length = 1}).value();
  ASSERT_EQ(t.cells.size(), 1u);
  EXPECT_EQ(t.suppressed_reports, 3);
}

TEST(TrendsTest, AShownParentCountsOnlyWhatWasRolledUpIntoIt) {
  std::vector<TrendInput> in = Reporters("u173zq", 0, 5);  // shown on its own
  Append(in, Reporters("u173zr", 10, 3));
  Append(in, Reporters("u173zs", 20, 2));
  Trends t = ComputeTrends(in, {}).value();
  ASSERT_EQ(t.cells.size(), 2u);
  EXPECT_EQ(t.cells[0].area, "u173z");
  EXPECT_EQ(t.cells[0].reports, 5);  // 3 + 2, not 10
  EXPECT_EQ(t.cells[1].area, "u173zq");
  EXPECT_EQ(t.cells[1].reports, 5);
}

TEST(TrendsTest, KeepsWeeksAndCategoriesApart) {
  std::vector<TrendInput> in;
  for (int r = 0; r < 3; ++r) {
    in.push_back(Card("u173zq", r, "zwerfafval", kWeek2));
    in.push_back(Card("u173zq", r + 3, "zwerfafval", kWeek2 + kWeekMs));
    in.push_back(Card("u173zq", r + 6, "overlast", kWeek2));
  }
  Trends t = ComputeTrends(in, {.k = 3}).value();
  ASSERT_EQ(t.cells.size(), 3u);
  EXPECT_EQ(t.cells[0].week, "2024-W02");
  EXPECT_EQ(t.cells[0].category, "overlast");
  EXPECT_EQ(t.cells[1].category, "zwerfafval");
  EXPECT_EQ(t.cells[2].week, "2024-W03");
  // Each group alone is below 4: nothing is shown, nothing is merged across groups.
  EXPECT_TRUE(ComputeTrends(in, {.k = 4}).value().cells.empty());
}

TEST(TrendsTest, RefusesBadOptionsAndInputs) {
  EXPECT_EQ(ComputeTrends({}, {.k = 1}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ComputeTrends({}, {.k = 5, .coarsest_length = 0}).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(ComputeTrends({Card("u17a", 1)}, {}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ComputeTrends({Card("u173", 1, "x", -1)}, {}).status().code(), Code::kInvalidArgument);
  TrendInput anonymous = Card("u173", 1);
  anonymous.reporter_key.clear();
  EXPECT_EQ(ComputeTrends({anonymous}, {}).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(ComputeTrends({}, {}).value().cells.empty());
}

// Over random dense inputs: no shown cell has fewer than k reporters, every card is
// counted once (in the nearest shown cell above it) or suppressed.
TEST(TrendsTest, NeverShowsASmallCellAndConservesEveryCard) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 300; ++round) {
    TrendOptions options{.k = 2 + static_cast<int>(rng() % 5),
                         .coarsest_length = 2 + static_cast<int>(rng() % 3)};
    std::vector<TrendInput> in;
    for (int n = rng() % 80; n > 0; --n) {
      std::string hash = "u17";
      for (int c = 0; c < 3; ++c) hash.push_back("bcd"[rng() % 3]);
      in.push_back(Card(hash, rng() % 12, rng() % 2 ? "a" : "b", kWeek2 + (rng() % 2) * kWeekMs));
    }
    Trends t = ComputeTrends(in, options).value();
    int shown = 0;
    for (const TrendCell& c : t.cells) {
      EXPECT_GE(c.reporters, options.k);
      EXPECT_LE(c.reporters, c.reports);
      // reports(C) = cards under C minus those counted in shown cells strictly under C.
      int under = 0, in_shown_descendants = 0;
      for (const TrendInput& card : in) {
        under += IsoWeekOf(card.time_ms).ToString() == c.week && card.category == c.category &&
                 card.geohash.starts_with(c.area);
      }
      for (const TrendCell& d : t.cells) {
        if (d.week == c.week && d.category == c.category && d.area.size() > c.area.size() &&
            d.area.starts_with(c.area)) {
          in_shown_descendants += d.reports;
        }
      }
      EXPECT_EQ(c.reports, under - in_shown_descendants);
      shown += c.reports;
    }
    EXPECT_EQ(shown + t.suppressed_reports, static_cast<int>(in.size()));
  }
}

}  // namespace
}  // namespace weerbaar::signals
