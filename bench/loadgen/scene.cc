#include "bench/loadgen/scene.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <exception>

namespace weerbaar::bench {
namespace {

// After Shutdown aborted everything, the remaining handlers complete at once; this only
// guards against a bug turning the drain into a hang.
constexpr Millis kDrainLimit{10'000};

}  // namespace

struct Signal::Impl {
  Impl(asio::io_context& io, const bool* s) : timer(io), stopping(s) {}
  asio::steady_timer timer;
  const bool* stopping;
};

Signal::Signal(asio::io_context& io, const bool* stopping)
    : impl_(std::make_unique<Impl>(io, stopping)) {}
Signal::~Signal() = default;

asio::awaitable<void> Signal::Wait() {
  if (*impl_->stopping) co_return;
  impl_->timer.expires_at(asio::steady_timer::time_point::max());
  co_await impl_->timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

void Signal::Notify() { impl_->timer.cancel(); }

Scene::Scene() = default;

Scene::~Scene() { Shutdown(); }

WsClient& Scene::NewClient() { return *clients_.emplace_back(std::make_unique<WsClient>(io_)); }

WsClient& Scene::ReplaceClient(size_t slot) {
  if (slots_.size() <= slot) slots_.resize(slot + 1);
  slots_[slot] = std::make_unique<WsClient>(io_);
  return *slots_[slot];
}

Signal& Scene::NewSignal() {
  return *signals_.emplace_back(std::make_unique<Signal>(io_, &stopping_));
}

void Scene::Spawn(asio::awaitable<void> coroutine) {
  asio::co_spawn(io_, std::move(coroutine), [this](std::exception_ptr e) {
    if (!e) return;
    ++failures_;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "loadgen: a coroutine failed: %s\n", ex.what());
    }
  });
}

bool Scene::RunUntil(const std::function<bool()>& done, Millis limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    if (io_.stopped()) io_.restart();
    // Out of work and not done: nothing can change any more.
    if (io_.run_one_for(deadline - now) == 0 && io_.stopped()) return done();
  }
  return true;
}

bool Scene::Run(Millis limit) {
  io_.restart();
  io_.run_for(limit);
  const bool finished = io_.stopped();
  Shutdown();
  return finished;
}

void Scene::Shutdown() {
  stopping_ = true;
  for (auto& c : clients_) c->Abort();
  for (auto& c : slots_)
    if (c) c->Abort();
  for (auto& s : signals_) s->Notify();
  io_.restart();
  io_.run_for(kDrainLimit);
}

}  // namespace weerbaar::bench
