// Store::Impl: what a Store owns. Private to the storage library.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "storage/committer.h"
#include "storage/data_keys.h"
#include "storage/db.h"
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
  // Takes over an open database whose master key has been checked.
  Impl(Options options, std::unique_ptr<Db> db, std::unique_ptr<DataKeys> keys);
  // Drains the committer, then closes the database (members go in reverse order).
  ~Impl() = default;

  // Reads the server id, creating it on first open.
  Status LoadServerId();

  template <typename T>
  void Submit(std::function<Result<T>(Txn&)> apply, Callback<T> done) {
    committer_->Submit(std::make_unique<TypedOp<T>>(std::move(apply), std::move(done)));
  }

  View& view() { return view_; }
  Db& db() { return *db_; }
  const std::string& server_id() const { return server_id_; }
  Stats stats() const { return {committer_->commits(), committer_->operations()}; }

 private:
  const Options options_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<DataKeys> keys_;
  Sealer sealer_;
  View view_;
  std::string server_id_;
  std::unique_ptr<Committer> committer_;  // last: destroyed (drained) first
};

}  // namespace weerbaar::storage
