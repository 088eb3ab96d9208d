// BackgroundWorker: one thread that runs the relay's slow store reads (an audit chain
// verification, an account export), so that the io thread keeps serving every other
// connection meanwhile (docs/architecture.md, "Threads").
//
// The queue is bounded: a task offered while `capacity` tasks wait is refused, not queued,
// and the relay answers RATE_LIMITED. Tasks only read the store (Store reads are safe from
// any thread) and hand their result back to the relay's thread through Relay::Post.
//
// Thread safety: Post may be called from any thread; Start and Stop by the owner.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace weerbaar::server {

class BackgroundWorker {
 public:
  using Task = std::function<void()>;

  // REQUIRES: capacity > 0.
  explicit BackgroundWorker(size_t capacity);
  ~BackgroundWorker();  // Stop()
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Starts the thread; tasks posted before wait for it.
  void Start();
  // Queues `task`; false (and `task` dropped) when the queue is full or the worker stopped.
  bool Post(Task task);
  // Ends the thread: the task in progress finishes, queued ones are dropped unrun (their
  // replies would go to a relay that no longer runs), later Posts are refused. Returns
  // only when no task runs any more, so the store may close after it. Idempotent.
  void Stop();

 private:
  void Loop();
  // The next task, or an empty one once stopped.
  Task Next();

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace weerbaar::server
