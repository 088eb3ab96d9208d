#include "storage/committer.h"

#include <exception>

#include "storage/log.h"

namespace weerbaar::storage {

Committer::Committer(Engine& engine, CommitterOptions options)
    : engine_(engine), options_(options), thread_([this] { Run(); }) {}

Committer::~Committer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Committer::SetFailureHandler(std::function<void(const Status&)> handler) {
  std::lock_guard lock(mu_);
  on_failure_ = std::move(handler);
}

void Committer::Submit(std::unique_ptr<WriteOp> op) {
  Status refused;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = Unavailable("store is closing");
    } else if (queue_.size() >= options_.max_queue) {
      refused = ResourceExhausted("store write queue is full");
    } else {
      queue_.push_back(std::move(op));
    }
  }
  if (!refused.ok()) {
    op->Finish(refused);
    return;
  }
  cv_.notify_one();
}

void Committer::Run() {
  for (;;) {
    std::vector<std::unique_ptr<WriteOp>> ops = TakeBatch();
    if (ops.empty()) return;
    Commit(ops);
  }
}

std::vector<std::unique_ptr<WriteOp>> Committer::TakeBatch() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  std::vector<std::unique_ptr<WriteOp>> ops;
  while (!queue_.empty() && ops.size() < options_.max_batch) {
    ops.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return ops;
}

void Committer::Commit(std::vector<std::unique_ptr<WriteOp>>& ops) {
  // overwrite_key: reads through the batch see only the latest write of a key.
  rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0, true);
  Txn txn(engine_, batch, engine_.clock.NowMillis());
  Status outcome = ApplyAll(txn, batch, ops) ? Write(batch) : Internal("batch rollback failed");
  Status failure;
  if (!outcome.ok()) {
    Logger()->error("group commit of {} operations failed: {}", ops.size(), outcome.ToString());
    failure = outcome;
    outcome = Unavailable("write failed; its outcome is in doubt until a retry");
  } else {
    RunAfterCommit(txn);
  }
  operations_.fetch_add(ops.size());
  for (std::unique_ptr<WriteOp>& op : ops) {
    try {
      op->Finish(outcome);
    } catch (const std::exception& e) {
      // A throwing callback must not take the committer (and every later write) down.
      Logger()->error("store write callback threw: {}", e.what());
    }
  }
  // After the answers, so that a handler that stops the server lets them go out first.
  if (!failure.ok()) ReportFailure(failure);
}

void Committer::ReportFailure(const Status& failure) {
  std::function<void(const Status&)> handler;
  {
    std::lock_guard lock(mu_);
    handler = on_failure_;
  }
  if (handler) handler(failure);
}

bool Committer::ApplyAll(Txn& txn, rocksdb::WriteBatchWithIndex& batch,
                         std::vector<std::unique_ptr<WriteOp>>& ops) {
  for (std::unique_ptr<WriteOp>& op : ops) {
    batch.SetSavePoint();
    const size_t mark = txn.after_commit_mark();
    if (op->Apply(txn).ok()) {
      if (!batch.PopSavePoint().ok()) return false;
    } else {
      txn.DropAfterCommitFrom(mark);
      if (!batch.RollbackToSavePoint().ok()) return false;
    }
  }
  return true;
}

void Committer::RunAfterCommit(Txn& txn) {
  for (std::function<void()>& action : txn.TakeAfterCommit()) {
    try {
      action();
    } catch (const std::exception& e) {
      Logger()->error("after-commit action threw: {}", e.what());
    }
  }
}

Status Committer::Write(rocksdb::WriteBatchWithIndex& batch) {
  if (batch.GetWriteBatch()->Count() == 0) return Status::Ok();
  rocksdb::WriteOptions options;
  options.sync = options_.sync;
  Status s = FromRocks(engine_.db.db()->Write(options, batch.GetWriteBatch()), "write batch");
  if (s.ok()) commits_.fetch_add(1);
  return s;
}

}  // namespace weerbaar::storage
