// Sweeper: runs Store::SweepWithReport on a thread of its own, every interval, so that
// expired and erased records leave the database files (docs/retention.md).
//
// The wait between sweeps is an IntervalWait, so tests drive the sweeper without real
// time: ManualWait releases one wait at a time. Each sweep's counts are logged (never
// ids) and handed to an optional observer.
//
// Thread safety: Start, Stop and SweepSoon may be called from any thread; the observer
// runs on the sweeper's thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/store.h"

namespace weerbaar::server {

// A wait that ends after an interval, early when woken, and for good once stopped.
class IntervalWait {
 public:
  virtual ~IntervalWait() = default;
  // Blocks until `millis` passed or Wake() or Stop() was called. False once stopped.
  virtual bool Wait(int64_t millis) = 0;
  // Ends the current (or next) wait early.
  virtual void Wake() = 0;
  // Ends every wait, now and later, with false.
  virtual void Stop() = 0;
};

// The real wait: a condition variable with a steady-clock timeout.
class SteadyWait final : public IntervalWait {
 public:
  bool Wait(int64_t millis) override;
  void Wake() override;
  void Stop() override;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopped_ = false;
};

// For tests: a wait ends only when the test calls Wake() (the interval "passed") or
// Stop(). waits() counts the waits begun, so a test can wait for the sweeper to be idle.
class ManualWait final : public IntervalWait {
 public:
  bool Wait(int64_t millis) override;
  void Wake() override;
  void Stop() override;
  // Blocks until the sweeper has begun its n-th wait (it finished n-1 rounds).
  void AwaitWaits(uint64_t n);
  int64_t last_interval_ms();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t waits_ = 0;
  uint64_t wakes_ = 0;
  bool stopped_ = false;
  int64_t last_interval_ms_ = 0;
};

class Sweeper {
 public:
  using Observer = std::function<void(const Result<storage::SweepReport>&)>;

  // REQUIRES: store and wait outlive the sweeper; interval_ms > 0.
  Sweeper(storage::Store& store, IntervalWait& wait, int64_t interval_ms,
          Observer observer = nullptr);
  ~Sweeper();  // Stop()
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  // Starts the thread: it waits an interval, sweeps, and so on.
  void Start();
  // Asks for a sweep now (after an erasure, so its bytes leave the files at once). A sweep
  // asked for before Stop() still runs before the thread ends.
  void SweepSoon();
  // Ends the thread after the sweep in progress (and one asked for); idempotent.
  void Stop();

 private:
  void Loop();
  void SweepOnce();
  bool TakePending();

  storage::Store& store_;
  IntervalWait& wait_;
  const int64_t interval_ms_;
  const Observer observer_;
  std::mutex mu_;
  bool pending_ = false;
  std::thread thread_;
};

}  // namespace weerbaar::server
