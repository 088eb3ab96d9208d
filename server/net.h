// Internal: the state shared by the listener, HTTP and WebSocket code. Asio only; included
// by server.cc, listener.cc, http.cc and session.cc, never by a public header.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>
#include <unordered_set>

#include "server/config.h"
#include "server/metrics.h"
#include "server/relay.h"
#include "storage/store.h"

namespace weerbaar::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Lives as long as the io loop runs; used on the io thread only.
struct NetContext {
  const Config& config;
  Relay& relay;
  Metrics& metrics;
  storage::Store& store;   // for Store::stats() in /metrics
  std::string own_origin;  // http://host:port of the bound listener
  bool stopping = false;
  // Sockets of connections still in their HTTP phase, so shutdown can cut them short.
  std::unordered_set<tcp::socket*> http_sockets;
  // Called when the last connection ends after `stopping` was set.
  std::function<void()> on_drained;
};

// Accepts until the acceptor is closed. Sockets over config.max_connections are closed at
// once and counted. Every accepted socket is served by ServeHttp.
asio::awaitable<void> Listen(tcp::acceptor& acceptor, NetContext& ctx);

// Serves HTTP requests on one connection (/healthz, /metrics) until it closes, or hands it
// to the WebSocket session on an allowed upgrade.
asio::awaitable<void> ServeHttp(tcp::socket socket, NetContext& ctx);

}  // namespace weerbaar::server
