#include "signals/trends.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "signals/calendar.h"
#include "signals/geohash.h"

namespace weerbaar::signals {
namespace {

using Cards = std::vector<const TrendInput*>;
using CellMap = std::map<std::string, Cards>;          // area -> cards
using GroupKey = std::pair<std::string, std::string>;  // week, category
using Groups = std::map<GroupKey, CellMap>;

int DistinctReporters(const Cards& cards) {
  std::set<Bytes> keys;
  for (const TrendInput* c : cards) keys.insert(c->reporter_key);
  return static_cast<int>(keys.size());
}

Status Validate(const std::vector<TrendInput>& inputs, const TrendOptions& options) {
  if (options.k < 2) return InvalidArgument("trends: k must be at least 2");
  if (options.coarsest_length < 1 || options.coarsest_length > kMaxGeohashLength) {
    return InvalidArgument("trends: bad coarsest length");
  }
  for (const TrendInput& in : inputs) {
    if (!IsValidGeohash(in.geohash) || in.time_ms < 0 || in.reporter_key.empty()) {
      return InvalidArgument("trends: bad input card");
    }
  }
  return Status::Ok();
}

// Takes out the cells of exactly `level` characters.
std::vector<std::pair<std::string, Cards>> TakeLevel(CellMap& cells, size_t level) {
  std::vector<std::pair<std::string, Cards>> taken;
  for (auto it = cells.begin(); it != cells.end();) {
    if (it->first.size() == level) {
      taken.emplace_back(it->first, std::move(it->second));
      it = cells.erase(it);
    } else {
      ++it;
    }
  }
  return taken;
}

// Shows, rolls up or suppresses every cell of one (week, category), finest level first.
void RollUp(const GroupKey& key, CellMap cells, const TrendOptions& options, Trends& out) {
  for (int level = kMaxGeohashLength; level >= 1; --level) {
    for (auto& [area, cards] : TakeLevel(cells, static_cast<size_t>(level))) {
      const int reporters = DistinctReporters(cards);
      if (reporters >= options.k) {
        out.cells.push_back(
            {key.first, key.second, area, static_cast<int>(cards.size()), reporters});
      } else if (level > options.coarsest_length) {
        Cards& parent = cells[area.substr(0, level - 1)];
        parent.insert(parent.end(), cards.begin(), cards.end());
      } else {
        out.suppressed_reports += static_cast<int>(cards.size());
      }
    }
  }
}

}  // namespace

Result<Trends> ComputeTrends(const std::vector<TrendInput>& inputs, const TrendOptions& options) {
  WB_RETURN_IF_ERROR(Validate(inputs, options));
  Groups groups;
  for (const TrendInput& in : inputs) {
    groups[{IsoWeekOf(in.time_ms).ToString(), in.category}][in.geohash].push_back(&in);
  }
  Trends out;
  for (auto& [key, cells] : groups) RollUp(key, std::move(cells), options, out);
  std::sort(out.cells.begin(), out.cells.end(), [](const TrendCell& a, const TrendCell& b) {
    return std::tie(a.week, a.category, a.area) < std::tie(b.week, b.category, b.area);
  });
  return out;
}

}  // namespace weerbaar::signals
