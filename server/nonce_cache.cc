#include "server/nonce_cache.h"

#include <algorithm>

namespace weerbaar::server {

void NonceCache::Expire(int64_t now_ms) {
  while (!by_expiry_.empty() && by_expiry_.front().first <= now_ms) {
    live_.erase(by_expiry_.front().second);
    by_expiry_.pop_front();
  }
}

Status NonceCache::Admit(const std::string& nonce, int64_t now_ms) {
  Expire(now_ms);
  if (live_.count(nonce)) return AlreadyExists("nonce already used");
  if (live_.size() >= capacity_) return ResourceExhausted("too many recent signed requests");
  live_.insert(nonce);
  // Expiry in admission order is monotonic as long as the clock is; a clock stepping back
  // only keeps nonces longer, never shorter.
  const int64_t expires =
      std::max(now_ms + 2 * window_ms_, by_expiry_.empty() ? 0 : by_expiry_.back().first);
  by_expiry_.emplace_back(expires, nonce);
  return Status::Ok();
}

}  // namespace weerbaar::server
