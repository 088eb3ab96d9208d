#include "server/sweeper.h"

#include <chrono>
#include <utility>

#include "server/log.h"

namespace weerbaar::server {

bool SteadyWait::Wait(int64_t millis) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(millis), [this] { return woken_ || stopped_; });
  woken_ = false;
  return !stopped_;
}

void SteadyWait::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void SteadyWait::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  cv_.notify_all();
}

bool ManualWait::Wait(int64_t millis) {
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t mine = ++waits_;
  last_interval_ms_ = millis;
  cv_.notify_all();
  // Wait number n ends with the n-th Wake: a Wake given early is not lost.
  cv_.wait(lock, [&] { return wakes_ >= mine || stopped_; });
  return !stopped_;
}

void ManualWait::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  ++wakes_;
  cv_.notify_all();
}

void ManualWait::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  cv_.notify_all();
}

void ManualWait::AwaitWaits(uint64_t n) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return waits_ >= n || stopped_; });
}

int64_t ManualWait::last_interval_ms() {
  std::lock_guard<std::mutex> lock(mu_);
  return last_interval_ms_;
}

Sweeper::Sweeper(storage::Store& store, IntervalWait& wait, int64_t interval_ms, Observer observer)
    : store_(store), wait_(wait), interval_ms_(interval_ms), observer_(std::move(observer)) {}

Sweeper::~Sweeper() { Stop(); }

void Sweeper::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void Sweeper::SweepSoon() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  wait_.Wake();
}

void Sweeper::Stop() {
  wait_.Stop();
  if (thread_.joinable()) thread_.join();
}

bool Sweeper::TakePending() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(pending_, false);
}

void Sweeper::Loop() {
  while (wait_.Wait(interval_ms_)) {
    TakePending();
    SweepOnce();
  }
  // An erasure answered before shutdown is owed its sweep: its bytes must leave the files.
  if (TakePending()) SweepOnce();
}

void Sweeper::SweepOnce() {
  Result<storage::SweepReport> report = store_.SweepWithReport();
  if (!report.ok()) {
    Log().warn("sweep failed: {}", report.status().ToString());
  } else if (report->records_deleted + report->audit_pruned + report->data_keys_destroyed > 0) {
    Log().info("sweep: {} records, {} index entries, {} audit entries, {} data keys deleted",
               report->records_deleted, report->index_entries, report->audit_pruned,
               report->data_keys_destroyed);
  } else {
    Log().debug("sweep: nothing expired");
  }
  if (observer_) observer_(report);
}

}  // namespace weerbaar::server
