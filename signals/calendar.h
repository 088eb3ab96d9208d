// Time buckets for cards, ISO weeks for trends and quarters for trend secrets. All in UTC: a day
// bucket is a UTC day, so a Dutch evening event after 23:00 (winter) or 22:00 (summer) local time
// falls in the next day's bucket. Times are milliseconds since the Unix epoch, passed in by the
// caller.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::signals {

enum class TimeBucket { kHour, kDay, kWeek };

inline constexpr int64_t kHourMs = 3600 * 1000;
inline constexpr int64_t kDayMs = 24 * kHourMs;
inline constexpr int64_t kWeekMs = 7 * kDayMs;

// "hour", "day", "week".
std::string_view TimeBucketName(TimeBucket bucket);
// kInvalidArgument for any other name.
Result<TimeBucket> ParseTimeBucket(std::string_view name);

// The start of the bucket holding `ms`: the hour, the UTC day, or the ISO week (Monday
// 00:00 UTC). REQUIRES: ms >= 0 (callers refuse earlier times).
int64_t BucketStart(int64_t ms, TimeBucket bucket);

struct IsoWeek {
  int year = 0;                  // the ISO week-numbering year (the year of the week's Thursday)
  int week = 0;                  // 1..53
  std::string ToString() const;  // "2024-W03"
  auto operator<=>(const IsoWeek&) const = default;
};

// REQUIRES: ms >= 0.
IsoWeek IsoWeekOf(int64_t ms);

// A calendar quarter in UTC (January-March is quarter 1), numbered year * 4 + (q - 1) so
// that consecutive quarters have consecutive numbers: the period of a trend secret.
struct Quarter {
  uint32_t number = 0;
  int64_t start_ms = 0;  // the quarter's first day, 00:00 UTC
  // The start of the quarter `n` quarters later (n >= 0).
  int64_t StartAfter(int n) const;
};

// REQUIRES: ms >= 0.
Quarter QuarterOf(int64_t ms);

}  // namespace weerbaar::signals
