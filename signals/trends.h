// k-anonymous trends: counts of cards per category x area x ISO week, for partners and maps.
//
// Per (category, week), cards start in the cell of their own geohash. From the finest
// level to the coarsest: a cell with at least k distinct reporters is shown; a cell with
// fewer is rolled up into its parent (the geohash one character shorter), where its cards
// join any others rolled up there, until the cell reaches k or `coarsest_length`, where
// whatever is still short of k is suppressed. A shown parent cell counts only the cards
// rolled up into it, never those of children shown on their own, so no cell can be
// subtracted from another to reveal a small one.
//
// Guarantees (tested): every shown cell has >= k distinct reporters; every card is counted
// in exactly one shown cell, whose area is a prefix of the card's geohash, or is suppressed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/status.h"

namespace weerbaar::signals {

// One filtered card as the server stores it. `reporter_key` is server-internal
// (signals/share.h ReporterTrendKey) and never shown to a partner. Retention class:
// partner share.
struct TrendInput {
  std::string category;
  std::string geohash;  // the card's (channel precision)
  int64_t time_ms = 0;  // the card's time bucket start; >= 0
  Bytes reporter_key;   // equal for cards of the same reporter; non-empty
};

struct TrendCell {
  std::string week;  // ISO week, "2024-W03"
  std::string category;
  std::string area;   // geohash prefix
  int reports = 0;    // cards counted in this cell
  int reporters = 0;  // distinct reporters among them (>= k)
};

struct TrendOptions {
  int k = 5;                // >= 2
  int coarsest_length = 4;  // roll-up stops here (about 20 km x 39 km); 1..12
};

struct Trends {
  std::vector<TrendCell> cells;  // sorted by week, category, area
  int suppressed_reports = 0;
};

// kInvalidArgument for k < 2, a coarsest_length outside 1..12, or an input with an
// invalid geohash, a negative time or an empty reporter key.
Result<Trends> ComputeTrends(const std::vector<TrendInput>& inputs, const TrendOptions& options);

}  // namespace weerbaar::signals
