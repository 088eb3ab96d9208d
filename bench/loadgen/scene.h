// Scene: the coroutines of one measurement on one io_context, run on the calling thread
// and bounded in time.
//
// Spawn coroutines, then RunUntil / Run. Whatever is still running when the scene ends
// (Shutdown, or the destructor) is stopped: stopping() turns true, every client made by
// the scene is aborted and every Signal woken, so the coroutines finish with errors and
// none outlives the scene. Coroutines must therefore check stopping() after each wait.
// Not thread safe.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

#include "bench/loadgen/ws_client.h"

namespace weerbaar::bench {

using Millis = std::chrono::milliseconds;

// A wake-up for coroutines on one thread: Wait() returns after the next Notify(), or at
// once when `*stopping` is true. Waiters re-check their condition in a loop, so a Notify
// with nobody waiting is harmless.
class Signal {
 public:
  Signal(asio::io_context& io, const bool* stopping);
  ~Signal();
  asio::awaitable<void> Wait();
  void Notify();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Scene {
 public:
  Scene();
  ~Scene();  // Shutdown()
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  asio::io_context& io() { return io_; }

  // A new connection, owned by the scene. Slot variants reuse one place for a
  // connection that is replaced often (the old one is destroyed; it must be idle).
  WsClient& NewClient();
  WsClient& ReplaceClient(size_t slot);
  Signal& NewSignal();

  // Starts a coroutine. An exception escaping it is counted in failures().
  void Spawn(asio::awaitable<void> coroutine);

  // Runs handlers until `done()` holds (checked after each one) or `limit` passed.
  // Returns done(). Nothing is stopped.
  bool RunUntil(const std::function<bool()>& done, Millis limit);
  // Runs until every coroutine finished or `limit` passed, then Shutdown(). Returns
  // whether everything finished in time.
  bool Run(Millis limit);
  // Stops whatever still runs (see above) and drains the io_context.
  void Shutdown();

  bool stopping() const { return stopping_; }
  size_t failures() const { return failures_; }

 private:
  asio::io_context io_{1};
  std::deque<std::unique_ptr<WsClient>> clients_;
  std::deque<std::unique_ptr<WsClient>> slots_;
  std::deque<std::unique_ptr<Signal>> signals_;
  bool stopping_ = false;
  size_t failures_ = 0;
};

}  // namespace weerbaar::bench
