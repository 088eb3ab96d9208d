// Store::Impl: what a Store owns. Private to the storage library.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "storage/committer.h"
#include "storage/db.h"
#include "storage/engine.h"
#include "storage/expiry_filter.h"
#include "storage/keyring.h"
#include "storage/retention.h"
#include "storage/sealer.h"
#include "storage/store.h"
#include "storage/txn.h"
#include "storage/view.h"

namespace weerbaar::storage {

// A write operation whose answer is a Result<T>.
template <typename T>
class TypedOp final : public WriteOp {
 public:
  TypedOp(std::function<Result<T>(Txn&)> apply, Callback<T> done)
      : apply_(std::move(apply)), done_(std::move(done)) {}

  Status Apply(Txn& txn) override {
    result_.emplace(apply_(txn));
    return result_->status();
  }
  void Finish(const Status& outcome) override {
    if (!outcome.ok() || !result_) {
      done_(outcome.ok() ? Internal("operation was not applied") : outcome);
      return;
    }
    done_(std::move(*result_));
  }

 private:
  std::function<Result<T>(Txn&)> apply_;
  Callback<T> done_;
  std::optional<Result<T>> result_;
};

class Store::Impl {
 public:
  // Opens the keyring, then the database bound to it, loads the policies, arms the
  // compaction filter, completes interrupted erasures and starts the committer.
  static Result<std::unique_ptr<Impl>> Open(Options options);
  // Drains the committer, then closes the database and the keyring (members go in
  // reverse order).
  ~Impl() = default;

  template <typename T>
  void Submit(std::function<Result<T>(Txn&)> apply, Callback<T> done) {
    committer_->Submit(std::make_unique<TypedOp<T>>(std::move(apply), std::move(done)));
  }

  const Options& options() const { return options_; }
  View& view() { return *view_; }
  Engine& engine() { return *engine_; }
  Db& db() { return *db_; }
  Keyring& keyring() { return *keyring_; }
  Retention& retention() { return retention_; }
  const std::string& server_id() const { return server_id_; }
  // True (once) after an erasure: the sweep flushes and compacts everything.
  bool TakeErasure() { return erased_since_sweep_.exchange(false); }
  // True (and restarts the interval) once Options::wal_flush_seconds have passed since
  // the last time it said so.
  bool WalFlushDue();
  Stats stats() const { return {committer_->commits(), committer_->operations()}; }
  Committer& committer() { return *committer_; }

 private:
  explicit Impl(Options options) : options_(std::move(options)) {}
  Status OpenDatabase();
  // The database records which keyring it belongs to; another keyring is refused.
  Status BindKeyring();
  Status LoadPolicies();
  // Reads the server id, creating it on first open.
  Status LoadServerId();

  const Options options_;
  std::shared_ptr<Keyring> keyring_;
  Retention retention_;
  std::unique_ptr<Sealer> sealer_;
  std::atomic<bool> filters_armed_{false};
  std::unique_ptr<ExpiryFilter> value_filter_;
  std::unique_ptr<ExpiryFilter> index_filter_;
  std::unique_ptr<Db> db_;  // closed before the filters, sealer and keyring it uses
  crypto::SecretBytes pseudonym_key_;
  std::atomic<bool> erased_since_sweep_{false};
  std::atomic<int64_t> last_sweep_flush_ms_{0};  // monotonic clock
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<View> view_;
  std::string server_id_;
  std::unique_ptr<Committer> committer_;  // last: destroyed (drained) first
};

}  // namespace weerbaar::storage
