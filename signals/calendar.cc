#include "signals/calendar.h"

#include <chrono>
#include <cstdio>

namespace weerbaar::signals {
namespace {

namespace chr = std::chrono;

chr::sys_days DayOf(int64_t ms) { return chr::sys_days{chr::days{ms / kDayMs}}; }

// The Monday that starts the ISO week holding `day`.
chr::sys_days MondayOf(chr::sys_days day) {
  return day - chr::days{chr::weekday{day}.iso_encoding() - 1};
}

int64_t MillisOf(chr::sys_days day) {
  return static_cast<int64_t>(day.time_since_epoch().count()) * kDayMs;
}

}  // namespace

std::string_view TimeBucketName(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kHour:
      return "hour";
    case TimeBucket::kDay:
      return "day";
    case TimeBucket::kWeek:
      return "week";
  }
  return "day";
}

Result<TimeBucket> ParseTimeBucket(std::string_view name) {
  for (TimeBucket b : {TimeBucket::kHour, TimeBucket::kDay, TimeBucket::kWeek}) {
    if (TimeBucketName(b) == name) return b;
  }
  return InvalidArgument("calendar: unknown time bucket");
}

int64_t BucketStart(int64_t ms, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kHour:
      return ms - ms % kHourMs;
    case TimeBucket::kDay:
      return ms - ms % kDayMs;
    case TimeBucket::kWeek:
      return MillisOf(MondayOf(DayOf(ms)));
  }
  return ms - ms % kDayMs;
}

IsoWeek IsoWeekOf(int64_t ms) {
  // ISO 8601: a week belongs to the year of its Thursday, and week 1 holds January 4th.
  const chr::sys_days thursday = MondayOf(DayOf(ms)) + chr::days{3};
  const chr::year_month_day ymd{thursday};
  const chr::sys_days january_first{ymd.year() / chr::January / 1};
  return {static_cast<int>(ymd.year()),
          static_cast<int>((thursday - january_first).count() / 7 + 1)};
}

namespace {

int64_t QuarterStartMs(int year, int quarter_index) {  // quarter_index 0..3, may overflow
  const chr::year first{year + quarter_index / 4};
  const chr::month month{static_cast<unsigned>(quarter_index % 4 * 3 + 1)};
  return MillisOf(chr::sys_days{first / month / 1});
}

}  // namespace

Quarter QuarterOf(int64_t ms) {
  const chr::year_month_day ymd{DayOf(ms)};
  const int year = static_cast<int>(ymd.year());
  const int index = static_cast<int>((static_cast<unsigned>(ymd.month()) - 1) / 3);
  return {static_cast<uint32_t>(year * 4 + index), QuarterStartMs(year, index)};
}

int64_t Quarter::StartAfter(int n) const {
  const int year = static_cast<int>(number / 4);
  return QuarterStartMs(year, static_cast<int>(number % 4) + n);
}

std::string IsoWeek::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
  return buf;
}

}  // namespace weerbaar::signals
