#include "bench/loadgen/stats.h"

#include <algorithm>
#include <cmath>

namespace weerbaar::bench {

double Samples::PercentileMs(double p) {
  if (values_.empty()) return 0;
  if (!sorted_) std::sort(values_.begin(), values_.end());
  sorted_ = true;
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values_.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(values_.size()))) - 1;
  return static_cast<double>(values_[index]) / 1e6;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

}  // namespace weerbaar::bench
