// Small statistics for the benchmark: latency samples and medians across runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weerbaar::bench {

// Latency samples in nanoseconds. Percentiles use the nearest-rank method.
class Samples {
 public:
  void Add(int64_t nanos) { values_.push_back(nanos); }
  size_t count() const { return values_.size(); }
  // The p-th percentile (0 < p <= 100) in milliseconds; 0 when there are no samples.
  // Sorts the samples (hence not const).
  double PercentileMs(double p);

 private:
  std::vector<int64_t> values_;
  bool sorted_ = false;
};

// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double Median(std::vector<double> values);

}  // namespace weerbaar::bench
