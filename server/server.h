// Server: owns the io loop, the listening socket, the store, the relay and the signals.
#pragma once

#include <cstdint>
#include <memory>

#include "common/status.h"
#include "server/config.h"

namespace weerbaar::storage {
class Store;
}

namespace weerbaar::server {

class Server {
 public:
  // Reads DIR/master.key (refused if group or others may read it), opens the store at
  // DIR/db, loads the TLS certificate and key when configured, resolves web_root, and binds
  // config.listen. DIR is config.data_dir. kInvalidArgument for TLS files that cannot be
  // loaded or do not match, or a web_root that is not a folder.
  // REQUIRES: crypto::Init() succeeded.
  static Result<std::unique_ptr<Server>> Create(const Config& config);
  // The same with a store the caller opened (tests: a store on a fault-injecting file
  // system); config.data_dir is not read.
  static Result<std::unique_ptr<Server>> Create(const Config& config,
                                                std::unique_ptr<storage::Store> store);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound address; the port is the real one when config.listen.port was 0.
  ListenAddress address() const;

  // Serves on the calling thread until SIGTERM, SIGINT or Shutdown(). Then it stops
  // accepting, closes every WebSocket with 1001, waits (at most handshake_timeout_ms plus a
  // second) for connections to end, and drains and closes the store before returning.
  // A failed store write (RocksDB refuses every write after one until the database is
  // reopened) shuts down the same way, after the failed writes were answered UNAVAILABLE,
  // and Run() returns kUnavailable: the supervisor restarts the server, which recovers
  // from the write-ahead log (fail-stop, docs/operations.md).
  Status Run();

  // Asks Run() to shut down as on SIGTERM. Thread safe.
  void Shutdown();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::server
