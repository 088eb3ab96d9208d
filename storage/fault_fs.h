// FaultFs: a file system for tests that simulates power loss and injects I/O errors.
//
// A Store opened with Options::fault_fs reaches every file of its database and keyring
// through this file system (a RocksDB FileSystemWrapper over the real one; no RocksDB type
// appears here). It keeps a model of what a power loss would leave:
//   - per file, the length made durable by Sync / Fsync (and RangeSync of a prefix);
//   - per directory, the files created, renamed and deleted since that directory was last
//     fsynced (a deleted or overwritten file is kept as a hard link in `scratch_dir`).
// The real fsync is skipped: the model, not the disk, decides what survives.
//
// Power loss: CrashAt(n) makes the nth mutating operation from now (an append, truncate,
// sync, create, rename, delete or link) and every later one fail, as if the machine had
// stopped there. Once the Store is closed, PowerLoss() rewrites the folder to what the
// disk would hold: unsynced tails are cut off, files whose creation was not made durable
// are removed, unsynced renames and deletions are undone.
//
// Fault injection: FailNth(kind, n) makes the nth operation of that kind from now fail
// once with an I/O error; the rest of the file system keeps working.
//
// The info log (files named LOG*) passes through untouched and uncounted.
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace weerbaar::storage {

class FaultFs {
 public:
  enum class Op : uint8_t {
    kWrite,     // Append, PositionedAppend, Truncate
    kSync,      // Sync, Fsync, RangeSync of a file; Fsync of a directory
    kRead,      // Read, PositionedRead, MultiRead
    kMetadata,  // create, rename, delete, link
  };
  static constexpr int kOpKinds = 4;

  // scratch_dir: an existing folder on the same file system as the store, outside it.
  static std::shared_ptr<FaultFs> Create(std::string scratch_dir);
  ~FaultFs();
  FaultFs(const FaultFs&) = delete;
  FaultFs& operator=(const FaultFs&) = delete;

  // ---- power loss ----
  // The nth mutating operation from now (n >= 1) and every one after it fail.
  void CrashAt(uint64_t n);
  bool crashed() const;
  // The kind of file the crash point hit: "wal", "sst", "manifest", "current", "options",
  // "other"; empty before a crash.
  std::string crash_target() const;
  // REQUIRES: no Store using this file system is open. Applies the power loss to the
  // files, then works normally again with everything on disk counted as durable.
  // An error if the folder cannot be rewritten (the test cannot go on).
  Status PowerLoss();

  // ---- fault injection ----
  // The nth operation of kind `op` from now (n >= 1) fails once. Replaces an earlier one.
  void FailNth(Op op, uint64_t n);
  // True once the injected fault has fired.
  bool fault_fired() const;
  // No more injected faults (an unfired one is dropped).
  void ClearFaults();

  // ---- counters, since Create ----
  uint64_t mutations() const;  // write, sync and metadata operations
  uint64_t count(Op op) const;
  // Calls the model cannot follow (random-write files, reused files); tests expect 0.
  uint64_t untracked() const;

  static const char* OpName(Op op);

  class Impl;  // storage-internal (fault_fs_impl.h)

 private:
  friend class FaultFsAccess;  // storage-internal: hands the RocksDB Env to the opener
  explicit FaultFs(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace weerbaar::storage
