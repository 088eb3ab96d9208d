#include "server/background.h"

#include <utility>

namespace weerbaar::server {

BackgroundWorker::BackgroundWorker(size_t capacity) : capacity_(capacity) {}

BackgroundWorker::~BackgroundWorker() { Stop(); }

void BackgroundWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!stopped_ && !thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

bool BackgroundWorker::Post(Task task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_ || tasks_.size() >= capacity_) return false;
  tasks_.push_back(std::move(task));
  cv_.notify_one();
  return true;
}

void BackgroundWorker::Stop() {
  std::deque<Task> dropped;  // destroyed outside the lock: their captures may be large
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    dropped.swap(tasks_);
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

BackgroundWorker::Task BackgroundWorker::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return stopped_ || !tasks_.empty(); });
  if (stopped_) return nullptr;
  Task task = std::move(tasks_.front());
  tasks_.pop_front();
  return task;
}

void BackgroundWorker::Loop() {
  while (Task task = Next()) task();
}

}  // namespace weerbaar::server
