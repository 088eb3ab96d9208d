#include "server/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

#include "protocol/codec.h"
#include "server/background.h"
#include "server/datadir.h"
#include "server/log.h"
#include "server/net.h"
#include "server/relay.h"
#include "server/static_files.h"
#include "server/sweeper.h"
#include "storage/store.h"

namespace weerbaar::server {

// Member order matters for destruction: the store is drained first (~Impl), then the io
// context destroys its pending handlers, which may still refer to `net` and `relay`.
struct Server::Impl {
  Impl(const Config& c, std::unique_ptr<storage::Store> s)
      : config(c),
        store(std::move(s)),
        background(config.max_background_tasks),
        relay(
            *store, *SystemClock::Default(), metrics, config,
            [this](Relay::Task task) { asio::post(io, std::move(task)); },
            [this](Relay::Task task) { return background.Post(std::move(task)); }),
        net{config, relay, metrics, *store, "", "", "", nullptr, false, {}, {}},
        sweeper(*store, sweep_wait, int64_t{config.sweep_interval_seconds} * 1000) {
    // After an erasure or a retention change, the next sweep is due now (relay.h).
    relay.SetSweepHook([this] { sweeper.SweepSoon(); });
    store->SetWriteFailureHandler(
        [this](const Status& failure) { asio::post(io, [this, failure] { Fail(failure); }); });
  }

  ~Impl() { StopStore(); }

  // Ends the sweeper (after a sweep an erasure asked for) and the background worker (after
  // the read in progress; queued ones are dropped), then drains and closes the store.
  // Queued writes finish; their callbacks post into `io`, which still exists but no longer
  // runs, so nothing touches the relay after this point.
  void StopStore() {
    sweeper.Stop();
    background.Stop();
    store.reset();
  }

  // TLS context and static-file roots from the config; kInvalidArgument if unusable.
  Status PrepareServing();
  Status Bind();
  void BeginShutdown();
  // Fail-stop after a failed store write: every later write would fail until a reopen.
  void Fail(const Status& failure);

  const Config config;
  Metrics metrics;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<asio::ssl::context> tls;  // set when TLS is configured
  BackgroundWorker background;  // the relay's slow reads; stopped before the store closes
  Relay relay;                  // posts into `io`, declared below: only used once running
  NetContext net;
  SteadyWait sweep_wait;
  Sweeper sweeper;         // stopped before the store closes (StopStore)
  asio::io_context io{1};  // one thread: the relay is single-threaded (relay.h)
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io, SIGINT, SIGTERM};
  asio::steady_timer hard_stop{io};
  ListenAddress bound;
  Status store_failure;  // the first failed store write, if any (io thread)
};

Status Server::Impl::Bind() {
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(config.listen.host, ec);
  if (ec) return InvalidArgument("listen: host must be an IP address");
  tcp::endpoint endpoint(ip, config.listen.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Unavailable("cannot listen on " + FormatListen(config.listen) + ": " + ec.message());
  bound = ListenAddress{config.listen.host, acceptor.local_endpoint().port()};
  net.own_origin = (tls ? "https://" : "http://") + FormatListen(bound);
  return Status::Ok();
}

namespace {

// A configured folder (`key` names it in the error), resolved into `out`; empty: stays empty.
Status ResolveRoot(const char* key, const std::string& dir, std::string& out) {
  if (dir.empty()) return Status::Ok();
  Result<std::string> root = CanonicalRoot(dir);
  if (!root.ok()) return InvalidArgument(std::string(key) + " " + dir + " is not a folder");
  out = *root;
  return Status::Ok();
}

}  // namespace

Status Server::Impl::PrepareServing() {
  if (!config.tls_cert_file.empty()) {
    WB_ASSIGN_OR_RETURN(tls, MakeTlsContext(config));
    net.tls = tls.get();
  }
  WB_RETURN_IF_ERROR(ResolveRoot("web_root", config.web_root, net.web_root));
  return ResolveRoot("map_tiles_dir", config.map_tiles_dir, net.map_tiles_dir);
}

void Server::Impl::BeginShutdown() {
  if (net.stopping) return;
  net.stopping = true;
  Log().info("shutting down");
  boost::system::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  relay.CloseAll(protocol::close_code::kGoingAway);
  for (tcp::socket* socket : net.http_sockets) socket->close(ignored);
  // Close handshakes are bounded by handshake_timeout_ms; this is the backstop.
  hard_stop.expires_after(std::chrono::milliseconds(config.handshake_timeout_ms + 1000));
  hard_stop.async_wait([this](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  net.on_drained = [this] { hard_stop.cancel(); };
  if (metrics.connections.load() == 0) hard_stop.cancel();
}

void Server::Impl::Fail(const Status& failure) {
  if (!store_failure.ok()) return;
  store_failure = failure;
  Log().error("a store write failed ({}); stopping, so that a restart reopens the database",
              failure.ToString());
  BeginShutdown();
}

Result<std::unique_ptr<Server>> Server::Create(const Config& config) {
  DataPaths paths(config.data_dir);
  storage::Options options;
  options.path = paths.db;
  WB_ASSIGN_OR_RETURN(options.master_key, ReadMasterKeyFile(paths.master_key));
  options.clock = SystemClock::Default();
  WB_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                      storage::Store::Open(std::move(options)));
  return Create(config, std::move(store));
}

Result<std::unique_ptr<Server>> Server::Create(const Config& config,
                                               std::unique_ptr<storage::Store> store) {
  auto impl = std::make_unique<Impl>(config, std::move(store));
  WB_RETURN_IF_ERROR(impl->PrepareServing());
  WB_RETURN_IF_ERROR(impl->Bind());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

ListenAddress Server::address() const { return impl_->bound; }

Status Server::Run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](boost::system::error_code ec, int) {
    if (!ec) s.BeginShutdown();
  });
  asio::co_spawn(s.io, Listen(s.acceptor, s.net), asio::detached);
  s.sweeper.Start();
  s.background.Start();
  s.io.run();
  s.StopStore();  // drain now, so that Run returns only when every write is durable
  Log().info("stopped");
  if (!s.store_failure.ok())
    return Unavailable("stopped after a failed store write; restart to recover: " +
                       s.store_failure.message());
  return Status::Ok();
}

void Server::Shutdown() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace weerbaar::server
