// FaultFs: the counters, the crash point and the injected fault.
#include "storage/fault_fs.h"

#include <rocksdb/system_clock.h>

#include <filesystem>

#include "storage/fault_fs_impl.h"

namespace weerbaar::storage {
namespace {

// RocksDB backs off for a second of real time after a failed flush or compaction; a
// test that fails thousands of them on purpose does not wait.
class NoSleepClock final : public rocksdb::SystemClockWrapper {
 public:
  NoSleepClock() : SystemClockWrapper(rocksdb::SystemClock::Default()) {}
  const char* Name() const override { return "WeerbaarNoSleepClock"; }
  void SleepForMicroseconds(int) override {}
};

class FaultEnv final : public rocksdb::EnvWrapper {
 public:
  explicit FaultEnv(std::shared_ptr<rocksdb::FileSystem> fs)
      : EnvWrapper(rocksdb::NewCompositeEnv(std::move(fs))) {
    system_clock_ = std::make_shared<NoSleepClock>();
  }
  const char* Name() const override { return "WeerbaarFaultEnv"; }
  void SleepForMicroseconds(int) override {}
};

// "db/sst": the folder (database or keyring) and the kind of file an operation touched.
std::string TargetOf(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  const std::string folder = p.parent_path().filename().string();
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.ends_with(suffix);
  };
  std::string kind = "other";
  if (ends(".log")) kind = "wal";
  if (ends(".sst")) kind = "sst";
  if (name.starts_with("MANIFEST")) kind = "manifest";
  if (name.starts_with("CURRENT") || (ends(".dbtmp") && !name.starts_with("OPTIONS")))
    kind = "current";
  if (name.starts_with("OPTIONS")) kind = "options";
  if (std::filesystem::is_directory(p)) return name + "/dir";
  return folder + "/" + kind;
}

}  // namespace

rocksdb::Env* FaultFsAccess::Env(const FaultFs* fs) {
  return fs == nullptr ? nullptr : fs->impl_->env();
}

FaultFs::Impl::Impl(std::string scratch_dir)
    : model_(std::move(scratch_dir)), env_(std::make_unique<FaultEnv>(NewFaultFileSystem(*this))) {}

FaultFs::Impl::~Impl() = default;

rocksdb::IOStatus FaultFs::Impl::Gate(Op op, const std::string& path) {
  std::lock_guard lock(mu_);
  const uint64_t nth = ++counts_[static_cast<size_t>(op)];
  if (op != Op::kRead) {
    ++mutations_;
    if (crashed_) return rocksdb::IOStatus::IOError("power lost");
    if (crash_at_ != 0 && mutations_ == crash_at_) {
      crashed_ = true;
      crash_target_ = TargetOf(path);
      return rocksdb::IOStatus::IOError("power lost");
    }
  }
  if (fail_at_ != 0 && op == fail_op_ && nth == fail_at_) {
    fired_ = true;
    fail_at_ = 0;
    return rocksdb::IOStatus::IOError("injected fault");
  }
  return rocksdb::IOStatus::OK();
}

void FaultFs::Impl::Untracked() {
  std::lock_guard lock(mu_);
  ++untracked_;
}

void FaultFs::Impl::CrashAt(uint64_t n) {
  std::lock_guard lock(mu_);
  crash_at_ = mutations_ + n;
}

void FaultFs::Impl::Revive() {
  std::lock_guard lock(mu_);
  crash_at_ = 0;
  crashed_ = false;
  crash_target_.clear();
}

bool FaultFs::Impl::crashed() {
  std::lock_guard lock(mu_);
  return crashed_;
}

std::string FaultFs::Impl::crash_target() {
  std::lock_guard lock(mu_);
  return crash_target_;
}

void FaultFs::Impl::FailNth(Op op, uint64_t n) {
  std::lock_guard lock(mu_);
  fail_op_ = op;
  fail_at_ = counts_[static_cast<size_t>(op)] + n;
  fired_ = false;
}

bool FaultFs::Impl::fault_fired() {
  std::lock_guard lock(mu_);
  return fired_;
}

void FaultFs::Impl::ClearFaults() {
  std::lock_guard lock(mu_);
  fail_at_ = 0;
}

uint64_t FaultFs::Impl::mutations() {
  std::lock_guard lock(mu_);
  return mutations_;
}

uint64_t FaultFs::Impl::count(Op op) {
  std::lock_guard lock(mu_);
  return counts_[static_cast<size_t>(op)];
}

uint64_t FaultFs::Impl::untracked() {
  std::lock_guard lock(mu_);
  return untracked_;
}

// ---- FaultFs ----

std::shared_ptr<FaultFs> FaultFs::Create(std::string scratch_dir) {
  return std::shared_ptr<FaultFs>(new FaultFs(std::make_unique<Impl>(std::move(scratch_dir))));
}

FaultFs::FaultFs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaultFs::~FaultFs() = default;

void FaultFs::CrashAt(uint64_t n) { impl_->CrashAt(n); }
bool FaultFs::crashed() const { return impl_->crashed(); }
std::string FaultFs::crash_target() const { return impl_->crash_target(); }

Status FaultFs::PowerLoss() {
  WB_RETURN_IF_ERROR(impl_->model().PowerLoss());
  impl_->Revive();
  return Status::Ok();
}

void FaultFs::FailNth(Op op, uint64_t n) { impl_->FailNth(op, n); }
bool FaultFs::fault_fired() const { return impl_->fault_fired(); }
void FaultFs::ClearFaults() { impl_->ClearFaults(); }
uint64_t FaultFs::mutations() const { return impl_->mutations(); }
uint64_t FaultFs::count(Op op) const { return impl_->count(op); }
uint64_t FaultFs::untracked() const { return impl_->untracked(); }

const char* FaultFs::OpName(Op op) {
  switch (op) {
    case Op::kWrite:
      return "write";
    case Op::kSync:
      return "sync";
    case Op::kRead:
      return "read";
    case Op::kMetadata:
      return "metadata";
  }
  return "?";
}

}  // namespace weerbaar::storage
