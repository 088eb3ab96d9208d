// Committer: group commit on one thread.
//
// Operations queue up (bounded). The committer thread takes up to max_batch of them,
// applies each to one WriteBatchWithIndex inside its own save point (an operation that
// fails leaves nothing in the batch), writes the batch once, runs the after-commit
// actions of the operations that succeeded (only if the write did), then finishes every
// operation with the write's outcome. Private to the storage library.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"
#include "storage/engine.h"
#include "storage/txn.h"

namespace weerbaar::storage {

class WriteOp {
 public:
  virtual ~WriteOp() = default;
  // Checks preconditions and adds writes. A non-OK result is the operation's answer,
  // and the committer discards whatever it added.
  virtual Status Apply(Txn& txn) = 0;
  // Delivers the answer. `outcome` is OK if the operation's writes are durable (or it
  // had nothing to write); otherwise it replaces the operation's own answer.
  virtual void Finish(const Status& outcome) = 0;
};

struct CommitterOptions {
  size_t max_batch = 512;
  size_t max_queue = 1 << 16;
  bool sync = true;
};

class Committer {
 public:
  Committer(Engine& engine, CommitterOptions options);
  // Finishes every queued operation, then stops the thread.
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Queues op. If the queue is full (kResourceExhausted) or the committer is stopping
  // (kUnavailable), finishes op at once, on the calling thread, with that status.
  void Submit(std::unique_ptr<WriteOp> op);

  // Called on the committer thread after a batch write failed (its operations have been
  // answered kUnavailable). RocksDB refuses every later write until the database is
  // reopened, so the owner should stop and reopen; see Store::SetWriteFailureHandler.
  void SetFailureHandler(std::function<void(const Status&)> handler);

  uint64_t commits() const { return commits_.load(); }
  uint64_t operations() const { return operations_.load(); }

 private:
  void Run();
  // Blocks for work; empty only when stopping and drained.
  std::vector<std::unique_ptr<WriteOp>> TakeBatch();
  void Commit(std::vector<std::unique_ptr<WriteOp>>& ops);
  // Applies every op; false if the batch can no longer be trusted (rollback failed).
  bool ApplyAll(Txn& txn, rocksdb::WriteBatchWithIndex& batch,
                std::vector<std::unique_ptr<WriteOp>>& ops);
  Status Write(rocksdb::WriteBatchWithIndex& batch);
  void RunAfterCommit(Txn& txn);
  void ReportFailure(const Status& failure);

  Engine& engine_;
  const CommitterOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<WriteOp>> queue_;
  bool stopping_ = false;
  std::function<void(const Status&)> on_failure_;  // guarded by mu_
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> operations_{0};
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace weerbaar::storage
