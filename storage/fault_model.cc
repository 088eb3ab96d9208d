#include "storage/fault_model.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace weerbaar::storage {
namespace fs = std::filesystem;
namespace {

std::string DirOf(const std::string& path) { return fs::path(path).parent_path().string(); }

}  // namespace

DurabilityModel::DurabilityModel(std::string scratch_dir) : scratch_dir_(std::move(scratch_dir)) {}

std::vector<DurabilityModel::Change>& DurabilityModel::PendingLocked(const std::string& path) {
  return dirs_[DirOf(path)];
}

std::string DurabilityModel::KeepLocked(const std::string& path) {
  std::error_code ec;
  std::string kept = scratch_dir_ + "/kept-" + std::to_string(next_kept_++);
  // A hard link, not a copy: the real operation only unlinks the name, so the link keeps
  // the old contents at no cost.
  fs::create_hard_link(path, kept, ec);
  if (ec) return {};
  auto it = files_.find(path);
  if (it != files_.end()) {
    files_[kept] = it->second;
    files_.erase(it);
  }
  return kept;
}

bool DurabilityModel::Create(const std::string& path, const RealOp& op) {
  std::lock_guard lock(mu_);
  std::error_code ec;
  std::string kept;
  if (fs::exists(path, ec)) {
    // Opening truncates the file in place, so a link would see the truncation: copy.
    kept = scratch_dir_ + "/kept-" + std::to_string(next_kept_++);
    if (!fs::copy_file(path, kept, ec)) kept.clear();
    files_.erase(path);
  }
  if (!op()) {
    if (!kept.empty()) fs::remove(kept, ec);
    return false;
  }
  if (!kept.empty()) PendingLocked(path).push_back({Change::kDeleted, path, {}, kept});
  PendingLocked(path).push_back({Change::kCreated, path, {}, {}});
  files_[path] = {};
  return true;
}

void DurabilityModel::Reopened(const std::string& path, uint64_t length) {
  std::lock_guard lock(mu_);
  files_.try_emplace(path, FileState{length, length});
}

void DurabilityModel::Appended(const std::string& path, uint64_t offset, uint64_t bytes) {
  std::lock_guard lock(mu_);
  FileState& file = files_[path];
  file.length = std::max(file.length, offset + bytes);
}

void DurabilityModel::Truncated(const std::string& path, uint64_t length) {
  std::lock_guard lock(mu_);
  FileState& file = files_[path];
  file.length = length;
  file.synced = std::min(file.synced, length);
}

void DurabilityModel::Synced(const std::string& path) {
  std::lock_guard lock(mu_);
  FileState& file = files_[path];
  file.synced = file.length;
}

void DurabilityModel::RangeSynced(const std::string& path, uint64_t offset, uint64_t bytes) {
  std::lock_guard lock(mu_);
  FileState& file = files_[path];
  // Only a range that continues the durable prefix extends it.
  if (offset <= file.synced)
    file.synced = std::max(file.synced, std::min(offset + bytes, file.length));
}

bool DurabilityModel::Delete(const std::string& path, const RealOp& op) {
  std::lock_guard lock(mu_);
  FileState state = files_.count(path) ? files_[path] : FileState{};
  const bool tracked = files_.count(path) > 0;
  std::string kept = KeepLocked(path);
  if (!op()) {
    std::error_code ec;
    if (!kept.empty()) fs::remove(kept, ec);
    files_.erase(kept);
    if (tracked) files_[path] = state;
    return false;
  }
  PendingLocked(path).push_back({Change::kDeleted, path, {}, kept});
  return true;
}

bool DurabilityModel::Rename(const std::string& from, const std::string& to, const RealOp& op) {
  std::lock_guard lock(mu_);
  std::error_code ec;
  const bool replaces = fs::exists(to, ec);
  const bool tracked = files_.count(to) > 0;
  FileState state = tracked ? files_[to] : FileState{};
  std::string kept = replaces ? KeepLocked(to) : std::string();
  if (!op()) {
    if (!kept.empty()) fs::remove(kept, ec);
    files_.erase(kept);
    if (tracked) files_[to] = state;
    return false;
  }
  auto it = files_.find(from);
  if (it != files_.end()) {
    files_[to] = it->second;
    files_.erase(it);
  }
  // Recorded in the target's directory: RocksDB renames only within one folder.
  PendingLocked(to).push_back({Change::kRenamed, to, from, kept});
  return true;
}

bool DurabilityModel::Link(const std::string& from, const std::string& to, const RealOp& op) {
  std::lock_guard lock(mu_);
  if (!op()) return false;
  if (files_.count(from)) files_[to] = files_[from];
  PendingLocked(to).push_back({Change::kCreated, to, {}, {}});
  return true;
}

void DurabilityModel::DirSynced(const std::string& dir) {
  std::lock_guard lock(mu_);
  auto it = dirs_.find(dir);
  if (it == dirs_.end()) return;
  std::error_code ec;
  for (const Change& change : it->second) {
    if (change.kept.empty()) continue;
    fs::remove(change.kept, ec);
    files_.erase(change.kept);
  }
  dirs_.erase(it);
}

void DurabilityModel::UndoLocked(const Change& change) {
  std::error_code ec;
  switch (change.kind) {
    case Change::kCreated:
      fs::remove(change.name, ec);
      break;
    case Change::kDeleted:
      if (!change.kept.empty()) fs::rename(change.kept, change.name, ec);
      break;
    case Change::kRenamed:
      if (fs::exists(change.name, ec)) fs::rename(change.name, change.from, ec);
      if (!change.kept.empty()) fs::rename(change.kept, change.name, ec);
      break;
  }
}

Status DurabilityModel::PowerLoss() {
  std::lock_guard lock(mu_);
  std::error_code ec;
  for (const auto& [path, file] : files_) {
    if (!fs::exists(path, ec) || fs::file_size(path, ec) <= file.synced) continue;
    fs::resize_file(path, file.synced, ec);
    if (ec) return Internal("power loss: cannot truncate a file");
  }
  // Newest first, so that a name created, deleted and created again ends as it began.
  for (auto& [dir, changes] : dirs_) {
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) UndoLocked(*it);
  }
  files_.clear();
  dirs_.clear();
  return Status::Ok();
}

}  // namespace weerbaar::storage
