// Internal: the state shared by the listener, HTTP and WebSocket code. Asio only; included
// by server.cc, listener.cc and the serving code, never by a public header.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>

#include "server/config.h"
#include "server/metrics.h"
#include "server/relay.h"
#include "storage/store.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace weerbaar::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Lives as long as the io loop runs; used on the io thread only.
struct NetContext {
  const Config& config;
  Relay& relay;
  Metrics& metrics;
  storage::Store& store;              // for Store::stats() in /metrics
  std::string own_origin;             // http(s)://host:port of the bound listener
  std::string web_root;               // canonical static-file root; empty: no static files
  std::string map_tiles_dir;          // canonical root served below /tiles/; empty: none
  asio::ssl::context* tls = nullptr;  // set: every connection starts with a TLS handshake
  bool stopping = false;
  // Sockets of connections still in their HTTP phase, so shutdown can cut them short.
  std::unordered_set<tcp::socket*> http_sockets;
  // Called when the last connection ends after `stopping` was set.
  std::function<void()> on_drained;
};

// Accepts until the acceptor is closed. Sockets over config.max_connections are closed at
// once and counted. Every accepted socket is served by ServePlain, or ServeTls when
// ctx.tls is set.
asio::awaitable<void> Listen(tcp::acceptor& acceptor, NetContext& ctx);

// Serves HTTP requests on one connection (/healthz, /metrics, static files) until it
// closes, or hands it to the WebSocket session on an allowed upgrade.
asio::awaitable<void> ServePlain(tcp::socket socket, NetContext& ctx);
// The same after a TLS handshake (TLS 1.2+, within handshake_timeout_ms); a failed
// handshake closes the socket and counts in tls_handshake_failures_total.
asio::awaitable<void> ServeTls(tcp::socket socket, NetContext& ctx);

// The TLS context for config.tls_cert_file and tls_key_file: TLS 1.2 and 1.3 only,
// forward-secret AEAD suites, no compression or renegotiation. kInvalidArgument naming the
// key when a file cannot be loaded or the key does not match the certificate.
Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext(const Config& config);

}  // namespace weerbaar::server
