// Server: owns the io loop, the listening socket, the store, the relay and the signals.
#pragma once

#include <cstdint>
#include <memory>

#include "common/status.h"
#include "server/config.h"

namespace weerbaar::server {

class Server {
 public:
  // Reads DIR/master.key (refused if group or others may read it), opens the store at
  // DIR/db, loads the TLS certificate and key when configured, resolves web_root, and binds
  // config.listen. DIR is config.data_dir. kInvalidArgument for TLS files that cannot be
  // loaded or do not match, or a web_root that is not a folder.
  // REQUIRES: crypto::Init() succeeded.
  static Result<std::unique_ptr<Server>> Create(const Config& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound address; the port is the real one when config.listen.port was 0.
  ListenAddress address() const;

  // Serves on the calling thread until SIGTERM, SIGINT or Shutdown(). Then it stops
  // accepting, closes every WebSocket with 1001, waits (at most handshake_timeout_ms plus a
  // second) for connections to end, and drains and closes the store before returning.
  Status Run();

  // Asks Run() to shut down as on SIGTERM. Thread safe.
  void Shutdown();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::server
