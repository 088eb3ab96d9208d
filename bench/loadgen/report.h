// The benchmark's output: one table of medians across runs, with the ratios and the goals
// of the issue, and the same numbers (every run, and the medians) as JSON.
#pragma once

#include <string>
#include <vector>

#include "bench/loadgen/scenarios.h"

namespace weerbaar::bench {

// Adds the numbers computed from others of the same run (e.g. "durable.ratio").
void AddDerived(const Settings& settings, Results& run);

// For every key in any run: the median of the runs that have it.
Results Medians(const std::vector<Results>& runs);

// The table (Markdown) of the medians, with each run's value beside the ratios.
std::string FormatTable(const Settings& settings, const std::vector<Results>& runs,
                        const Results& medians);

// {"settings": {...}, "runs": [{...}, ...], "median": {...}}
std::string FormatJson(const Settings& settings, const std::vector<Results>& runs,
                       const Results& medians);

}  // namespace weerbaar::bench
