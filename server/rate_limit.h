// Token buckets for request rate limits, per connection and per user.
//
// A bucket holds up to `burst` tokens and gains `per_second` tokens a second; a request
// takes one. Time is passed in (monotonic milliseconds), so tests drive it with a
// ManualClock and never sleep. Arithmetic is in integer milli-tokens: exact, no drift.
#pragma once

#include <cstdint>

namespace weerbaar::server {

struct RateLimit {
  uint32_t per_second = 0;  // REQUIRES: > 0
  uint32_t burst = 0;       // REQUIRES: > 0
};

// Thread safety: none.
class TokenBucket {
 public:
  // Starts full at `now_ms`.
  TokenBucket(RateLimit limit, int64_t now_ms);

  // Refills for the time since the last call (a clock that went back adds nothing), then
  // reports whether a whole token is there. Takes nothing.
  bool Available(int64_t now_ms);
  // Takes one token. REQUIRES: Available() returned true just before.
  void Take();

  // Whole tokens left after the last refill (tests and diagnostics).
  uint64_t tokens() const { return milli_tokens_ / 1000; }

 private:
  uint64_t capacity_;  // burst * 1000
  uint64_t per_ms_;    // milli-tokens gained per millisecond = per_second
  uint64_t milli_tokens_;
  int64_t last_ms_;
};

}  // namespace weerbaar::server
