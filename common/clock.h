// Clock: the only source of time. Tests inject a ManualClock and never sleep.
#pragma once

#include <atomic>
#include <cstdint>

namespace weerbaar {

// Thread safety: every method may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (wall time; used for expiry and retention).
  virtual int64_t NowMillis() const = 0;
  // Milliseconds on a monotonic clock (used for deadlines and latency).
  virtual int64_t MonotonicMillis() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  int64_t MonotonicMillis() const override;
  // A process-wide instance.
  static const SystemClock* Default();
};

// A clock that only moves when told to. Both readings advance together.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_millis = 1'700'000'000'000) : now_(now_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  int64_t MonotonicMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_.fetch_add(millis); }
  void Set(int64_t now_millis) { now_.store(now_millis); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace weerbaar
