#include "server/rate_limit.h"

#include <algorithm>

namespace weerbaar::server {

namespace {
constexpr uint64_t kMilli = 1000;
}  // namespace

TokenBucket::TokenBucket(RateLimit limit, int64_t now_ms)
    : capacity_(uint64_t{limit.burst} * kMilli),
      per_ms_(limit.per_second),
      milli_tokens_(capacity_),
      last_ms_(now_ms) {}

bool TokenBucket::Available(int64_t now_ms) {
  if (now_ms > last_ms_) {
    // Elapsed time is capped at what fills the bucket, so the product cannot overflow
    // after a long idle period.
    uint64_t elapsed = static_cast<uint64_t>(now_ms - last_ms_);
    uint64_t to_full = per_ms_ == 0 ? 0 : (capacity_ + per_ms_ - 1) / per_ms_;
    milli_tokens_ = std::min(capacity_, milli_tokens_ + std::min(elapsed, to_full) * per_ms_);
    last_ms_ = now_ms;
  }
  return milli_tokens_ >= kMilli;
}

void TokenBucket::Take() { milli_tokens_ -= std::min(milli_tokens_, kMilli); }

}  // namespace weerbaar::server
