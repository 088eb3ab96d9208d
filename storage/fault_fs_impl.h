// FaultFs::Impl and the RocksDB side of FaultFs. Private to the storage library.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "storage/fault_fs.h"
#include "storage/fault_model.h"

namespace weerbaar::storage {

// Hands the RocksDB Env of a FaultFs to the code that opens the databases.
class FaultFsAccess {
 public:
  // nullptr (RocksDB's default Env) when fs is null.
  static rocksdb::Env* Env(const FaultFs* fs);
};

class FaultFs::Impl {
 public:
  explicit Impl(std::string scratch_dir);
  ~Impl();

  // Counts one operation on `path` and decides its fate: OK to go ahead, or the I/O
  // error it fails with (past the crash point, or the injected fault).
  rocksdb::IOStatus Gate(Op op, const std::string& path);
  // Calls the model cannot follow.
  void Untracked();
  DurabilityModel& model() { return model_; }
  rocksdb::Env* env() { return env_.get(); }

  void CrashAt(uint64_t n);
  // After the power loss: no crash, none pending.
  void Revive();
  bool crashed();
  std::string crash_target();
  void FailNth(Op op, uint64_t n);
  bool fault_fired();
  void ClearFaults();
  uint64_t mutations();
  uint64_t count(Op op);
  uint64_t untracked();

 private:
  std::mutex mu_;
  uint64_t mutations_ = 0;
  std::array<uint64_t, kOpKinds> counts_{};
  uint64_t untracked_ = 0;
  uint64_t crash_at_ = 0;  // 0: none
  bool crashed_ = false;
  std::string crash_target_;
  Op fail_op_ = Op::kWrite;
  uint64_t fail_at_ = 0;  // 0: none
  bool fired_ = false;
  DurabilityModel model_;
  std::unique_ptr<rocksdb::Env> env_;  // over a FileSystem that calls back into this
};

// The RocksDB file system that routes every call through `owner`.
std::shared_ptr<rocksdb::FileSystem> NewFaultFileSystem(FaultFs::Impl& owner);

}  // namespace weerbaar::storage
