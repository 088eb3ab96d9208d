// The replay guard of signed HTTP requests (Open311, protocol/http_signature.h).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_set>

#include "common/status.h"

namespace weerbaar::server {

// Remembers the nonces of accepted requests until their time window has passed, so a
// captured request cannot be replayed while its signed time is still acceptable. Bounded:
// at most `capacity` live nonces; when full, a new one is refused (the caller answers 503)
// rather than an old one forgotten, which would reopen the replay window.
class NonceCache {
 public:
  NonceCache(size_t capacity, int64_t window_ms) : capacity_(capacity), window_ms_(window_ms) {}
  // kAlreadyExists for a nonce seen within the window, kResourceExhausted when full;
  // otherwise remembers it until now + window and returns Ok.
  Status Admit(const std::string& nonce, int64_t now_ms);
  size_t size() const { return live_.size(); }

 private:
  void Expire(int64_t now_ms);
  size_t capacity_;
  int64_t window_ms_;
  std::unordered_set<std::string> live_;
  std::deque<std::pair<int64_t, std::string>> by_expiry_;  // admitted in time order
};

}  // namespace weerbaar::server
