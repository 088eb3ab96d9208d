#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "server/log.h"
#include "server/net.h"

namespace weerbaar::server {
namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

void ConnectionEnded(NetContext& ctx, std::exception_ptr error) {
  // Sessions report errors through error codes; an exception here is a bug (or bad_alloc).
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      Log().error("connection ended with an exception: {}", e.what());
    }
  }
  if (ctx.metrics.connections.fetch_sub(1) == 1 && ctx.stopping && ctx.on_drained) ctx.on_drained();
}

void Admit(tcp::socket socket, NetContext& ctx) {
  boost::system::error_code ec;
  if (ctx.metrics.connections.load() >= static_cast<int64_t>(ctx.config.max_connections)) {
    Metrics::Add(ctx.metrics.connections_rejected_total);
    socket.close(ec);
    return;
  }
  ctx.metrics.connections.fetch_add(1);
  Metrics::Add(ctx.metrics.connections_total);
  socket.set_option(tcp::no_delay(true), ec);
  auto executor = socket.get_executor();
  auto serve =
      ctx.tls != nullptr ? ServeTls(std::move(socket), ctx) : ServePlain(std::move(socket), ctx);
  asio::co_spawn(executor, std::move(serve),
                 [&ctx](std::exception_ptr e) { ConnectionEnded(ctx, e); });
}

}  // namespace

asio::awaitable<void> Listen(tcp::acceptor& acceptor, NetContext& ctx) {
  asio::steady_timer backoff(acceptor.get_executor());
  while (acceptor.is_open()) {
    auto [ec, socket] = co_await acceptor.async_accept(kUseTuple);
    if (!ec) {
      Admit(std::move(socket), ctx);
      continue;
    }
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
    // Out of file descriptors and the like: retrying at once would spin.
    Log().warn("accept failed: {}", ec.message());
    backoff.expires_after(std::chrono::milliseconds(100));
    co_await backoff.async_wait(kUseTuple);
  }
}

}  // namespace weerbaar::server
