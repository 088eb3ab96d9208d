// Shared by the relay fuzz targets: one real Store in a temporary folder per process (so
// inputs cost no RocksDB open unless they restart it; BeginInput replaces it now and
// then), a Relay whose store callbacks wait in a queue that the target runs when it
// chooses, and connections that record what the relay sends.
//
// The folder is on a memory file system (/dev/shm) where there is one: the keyring syncs
// every new data key, and each input creates several (a group, three users); on disk that
// fsync was most of an input's time. What survives a crash is proven by the storage crash
// tests, not here; everything else about the store is the real thing.
//
// Everything runs on the fuzzer's thread except the store's committer, which only posts.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clients/auth_request.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "server/config.h"
#include "server/connection.h"
#include "server/metrics.h"
#include "server/relay.h"
#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::fuzz {

// Records frames and the close code. `on_frame` (optional) sees every decoded frame as it
// is sent, so that invariants can be checked at the moment a push happens.
class FakeConn final : public server::Connection {
 public:
  void Send(server::Frame frame) override;
  void Close(uint16_t code) override;

  std::vector<v1::ServerMessage> frames;
  std::optional<uint16_t> close_code;
  std::function<void(const v1::ServerMessage&)> on_frame;
};

class RelayEnv {
 public:
  // The process-wide environment, created on first use; its folder is removed at exit.
  static RelayEnv& Get();

  storage::Store& store() { return *store_; }
  server::Relay& relay() { return *relay_; }
  ManualClock& clock() { return clock_; }

  // Returns once every store write submitted so far has posted its callback.
  void Barrier();
  size_t pending();
  // Runs the queued callback at `index % pending()` (the relay must cope with any order).
  void RunOne(size_t index);
  // Barrier, then runs callbacks until none is left (callbacks may submit more writes).
  void Drain();

  // An invite stored directly (no relay), valid for an hour of the manual clock.
  std::string MintInvite(storage::InviteKind kind);

  // A server restart, in the real server's order (server/server.cc): its io loop has
  // stopped, so the callbacks still queued never run; the store finishes every write it
  // was given and closes (their callbacks are dropped too); the relay goes; then the store
  // reopens from the same folder with the same master key and a new relay starts.
  // REQUIRES: the caller has told the relay every connection is Closed.
  void Restart();

  // Called at the start of each input by a target whose inputs leave records behind: every
  // `inputs_per_store` calls the folder is wiped and a new, empty store opened. Without
  // it the store and the keyring (whose every key is also held in memory, and which an
  // erasure compacts whole) grow with every input, so a run of millions would slow down
  // and run out of memory. generation() counts the stores; records made by a target
  // (an admin, say) belong to one generation.
  // REQUIRES: no connection open and no callback queued (between inputs).
  void BeginInput(uint64_t inputs_per_store);
  uint64_t generation() const { return generation_; }

  ~RelayEnv();

 private:
  RelayEnv();
  void Open();
  void Close();
  void Post(server::Relay::Task task);
  void DropTasks();

  std::string dir_;
  crypto::SecretBytes master_key_;
  uint64_t inputs_ = 0;
  uint64_t generation_ = 0;
  ManualClock clock_;
  server::Metrics metrics_;
  server::Config config_;
  std::mutex mu_;
  std::deque<server::Relay::Task> tasks_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<server::Relay> relay_;
};

}  // namespace weerbaar::fuzz
