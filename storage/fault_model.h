// DurabilityModel: what a power loss would leave of the files written through FaultFs.
// Private to the storage library (FaultFs uses it).
//
// A file's data is durable up to the length of its last sync. A directory entry (a file
// created, renamed or deleted) is durable once its directory is fsynced; until then a
// power loss undoes it: created files vanish, deleted or overwritten ones come back
// (kept meanwhile as hard links in the scratch folder), renamed ones get their old name.
// Directories themselves are taken as durable once created.
// Thread safety: every method may be called from any thread; the mutating ones run the
// real operation under the model's lock, so the model and the disk change together.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

namespace weerbaar::storage {

class DurabilityModel {
 public:
  using RealOp = std::function<bool()>;  // the real operation; false if it failed

  explicit DurabilityModel(std::string scratch_dir);

  // The file at `path` was opened for writing from scratch (truncated if it existed).
  bool Create(const std::string& path, const RealOp& op);
  // The file was opened to append to what it holds (its current length counts as durable
  // if the model has not seen it before).
  void Reopened(const std::string& path, uint64_t length);
  void Appended(const std::string& path, uint64_t offset, uint64_t bytes);
  void Truncated(const std::string& path, uint64_t length);
  void Synced(const std::string& path);
  void RangeSynced(const std::string& path, uint64_t offset, uint64_t bytes);
  bool Delete(const std::string& path, const RealOp& op);
  bool Rename(const std::string& from, const std::string& to, const RealOp& op);
  bool Link(const std::string& from, const std::string& to, const RealOp& op);
  void DirSynced(const std::string& dir);

  // Rewrites the files to what survives a power loss, then forgets everything (what is
  // on disk now is durable).
  Status PowerLoss();

 private:
  struct FileState {
    uint64_t length = 0;
    uint64_t synced = 0;
  };
  // One directory entry change not yet made durable.
  struct Change {
    enum Kind { kCreated, kDeleted, kRenamed } kind;
    std::string name;  // path of the entry created, deleted or renamed to
    std::string from;  // kRenamed: the old path
    std::string kept;  // the replaced or deleted file's hard link in scratch, or empty
  };

  // REQUIRES: mu_ held. Keeps a hard link of `path` (if it exists) and its state.
  std::string KeepLocked(const std::string& path);
  void UndoLocked(const Change& change);
  std::vector<Change>& PendingLocked(const std::string& path);

  const std::string scratch_dir_;
  std::mutex mu_;
  uint64_t next_kept_ = 0;
  std::map<std::string, FileState> files_;           // by path (and by kept link)
  std::map<std::string, std::vector<Change>> dirs_;  // by directory, oldest first
};

}  // namespace weerbaar::storage
