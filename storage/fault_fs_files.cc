// The RocksDB file system of FaultFs: every call that reads, writes, syncs or changes a
// directory asks FaultFs::Impl::Gate first and tells the durability model what it did.
#include <filesystem>

#include "storage/fault_fs_impl.h"

namespace weerbaar::storage {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;
using Op = FaultFs::Op;

// One spelling per path, so the model's records match ("a//b/" and "a/b" are one folder).
std::string Normal(const std::string& path) {
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

// The info log is diagnostics: it passes through, so crash points land on data files.
bool PassesThrough(const std::string& path) {
  return std::filesystem::path(path).filename().string().starts_with("LOG");
}

class WritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  WritableFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::string path, uint64_t length,
               FaultFs::Impl& fs)
      : FSWritableFileOwnerWrapper(std::move(file)),
        path_(std::move(path)),
        length_(length),
        fs_(fs) {}

  IOStatus Append(const Slice& data, const IOOptions& o, IODebugContext* dbg) override {
    return Write(length_, data, [&] { return target()->Append(data, o, dbg); });
  }
  IOStatus Append(const Slice& data, const IOOptions& o, const rocksdb::DataVerificationInfo&,
                  IODebugContext* dbg) override {
    return Append(data, o, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o,
                            IODebugContext* dbg) override {
    return Write(offset, data, [&] { return target()->PositionedAppend(data, offset, o, dbg); });
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o,
                            const rocksdb::DataVerificationInfo&, IODebugContext* dbg) override {
    return PositionedAppend(data, offset, o, dbg);
  }
  IOStatus Truncate(uint64_t size, const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = fs_.Gate(Op::kWrite, path_);
    if (s.ok()) s = target()->Truncate(size, o, dbg);
    if (s.ok()) fs_.model().Truncated(path_, length_ = size);
    return s;
  }
  // The real fsync is skipped: the model decides what survives.
  IOStatus Sync(const IOOptions&, IODebugContext*) override { return SyncAll(); }
  IOStatus Fsync(const IOOptions&, IODebugContext*) override { return SyncAll(); }
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions&, IODebugContext*) override {
    IOStatus s = fs_.Gate(Op::kSync, path_);
    if (s.ok()) fs_.model().RangeSynced(path_, offset, nbytes);
    return s;
  }

 private:
  template <typename RealWrite>
  IOStatus Write(uint64_t offset, const Slice& data, RealWrite&& real) {
    IOStatus s = fs_.Gate(Op::kWrite, path_);
    if (s.ok()) s = real();
    if (!s.ok()) return s;
    fs_.model().Appended(path_, offset, data.size());
    length_ = std::max(length_, offset + data.size());
    return s;
  }
  IOStatus SyncAll() {
    IOStatus s = fs_.Gate(Op::kSync, path_);
    if (s.ok()) fs_.model().Synced(path_);
    return s;
  }

  const std::string path_;
  uint64_t length_;
  FaultFs::Impl& fs_;
};

class SequentialFile final : public rocksdb::FSSequentialFileOwnerWrapper {
 public:
  SequentialFile(std::unique_ptr<rocksdb::FSSequentialFile> file, std::string path,
                 FaultFs::Impl& fs)
      : FSSequentialFileOwnerWrapper(std::move(file)), path_(std::move(path)), fs_(fs) {}

  IOStatus Read(size_t n, const IOOptions& o, Slice* result, char* scratch,
                IODebugContext* dbg) override {
    IOStatus s = fs_.Gate(Op::kRead, path_);
    return s.ok() ? target()->Read(n, o, result, scratch, dbg) : s;
  }
  IOStatus PositionedRead(uint64_t offset, size_t n, const IOOptions& o, Slice* result,
                          char* scratch, IODebugContext* dbg) override {
    IOStatus s = fs_.Gate(Op::kRead, path_);
    return s.ok() ? target()->PositionedRead(offset, n, o, result, scratch, dbg) : s;
  }

 private:
  const std::string path_;
  FaultFs::Impl& fs_;
};

class RandomAccessFile final : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  RandomAccessFile(std::unique_ptr<rocksdb::FSRandomAccessFile> file, std::string path,
                   FaultFs::Impl& fs)
      : FSRandomAccessFileOwnerWrapper(std::move(file)), path_(std::move(path)), fs_(fs) {}

  IOStatus Read(uint64_t offset, size_t n, const IOOptions& o, Slice* result, char* scratch,
                IODebugContext* dbg) const override {
    IOStatus s = fs_.Gate(Op::kRead, path_);
    return s.ok() ? target()->Read(offset, n, o, result, scratch, dbg) : s;
  }
  IOStatus MultiRead(rocksdb::FSReadRequest* reqs, size_t num_reqs, const IOOptions& o,
                     IODebugContext* dbg) override {
    IOStatus s = fs_.Gate(Op::kRead, path_);
    if (s.ok()) return target()->MultiRead(reqs, num_reqs, o, dbg);
    for (size_t i = 0; i < num_reqs; ++i) reqs[i].status = s;
    return s;
  }

 private:
  const std::string path_;
  FaultFs::Impl& fs_;
};

class Directory final : public rocksdb::FSDirectoryWrapper {
 public:
  Directory(std::unique_ptr<rocksdb::FSDirectory> dir, std::string path, FaultFs::Impl& fs)
      : FSDirectoryWrapper(std::move(dir)), path_(std::move(path)), fs_(fs) {}

  IOStatus Fsync(const IOOptions&, IODebugContext*) override { return Sync(); }
  IOStatus FsyncWithDirOptions(const IOOptions&, IODebugContext*,
                               const rocksdb::DirFsyncOptions&) override {
    return Sync();
  }

 private:
  IOStatus Sync() {
    IOStatus s = fs_.Gate(Op::kSync, path_);
    if (s.ok()) fs_.model().DirSynced(path_);
    return s;
  }

  const std::string path_;
  FaultFs::Impl& fs_;
};

}  // namespace

namespace {

class FaultFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultFileSystem(FaultFs::Impl& fs)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), fs_(fs) {}
  const char* Name() const override { return "WeerbaarFaultFs"; }

  IOStatus NewSequentialFile(const std::string& f, const rocksdb::FileOptions& o,
                             std::unique_ptr<rocksdb::FSSequentialFile>* r,
                             IODebugContext* dbg) override {
    IOStatus s = target()->NewSequentialFile(f, o, r, dbg);
    if (s.ok() && !PassesThrough(f)) r->reset(new SequentialFile(std::move(*r), Normal(f), fs_));
    return s;
  }
  IOStatus NewRandomAccessFile(const std::string& f, const rocksdb::FileOptions& o,
                               std::unique_ptr<rocksdb::FSRandomAccessFile>* r,
                               IODebugContext* dbg) override {
    IOStatus s = target()->NewRandomAccessFile(f, o, r, dbg);
    if (s.ok() && !PassesThrough(f)) r->reset(new RandomAccessFile(std::move(*r), Normal(f), fs_));
    return s;
  }
  IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                           std::unique_ptr<rocksdb::FSWritableFile>* r,
                           IODebugContext* dbg) override {
    if (PassesThrough(f)) return target()->NewWritableFile(f, o, r, dbg);
    const std::string path = Normal(f);
    IOStatus s = fs_.Gate(Op::kMetadata, path);
    if (!s.ok()) return s;
    fs_.model().Create(path, [&] { return (s = target()->NewWritableFile(f, o, r, dbg)).ok(); });
    if (s.ok()) r->reset(new WritableFile(std::move(*r), path, 0, fs_));
    return s;
  }
  IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                              std::unique_ptr<rocksdb::FSWritableFile>* r,
                              IODebugContext* dbg) override {
    if (PassesThrough(f)) return target()->ReopenWritableFile(f, o, r, dbg);
    const std::string path = Normal(f);
    IOStatus s = fs_.Gate(Op::kMetadata, path);
    if (!s.ok()) return s;
    uint64_t length = 0;
    if (target()->GetFileSize(f, IOOptions(), &length, dbg).ok()) {
      s = target()->ReopenWritableFile(f, o, r, dbg);
      if (s.ok()) fs_.model().Reopened(path, length);
    } else {
      fs_.model().Create(path,
                         [&] { return (s = target()->ReopenWritableFile(f, o, r, dbg)).ok(); });
    }
    if (s.ok()) r->reset(new WritableFile(std::move(*r), path, length, fs_));
    return s;
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                             const rocksdb::FileOptions& o,
                             std::unique_ptr<rocksdb::FSWritableFile>* r,
                             IODebugContext* dbg) override {
    fs_.Untracked();  // only with recycle_log_file_num > 0, which the store never sets
    return target()->ReuseWritableFile(f, old, o, r, dbg);
  }
  IOStatus NewRandomRWFile(const std::string& f, const rocksdb::FileOptions& o,
                           std::unique_ptr<rocksdb::FSRandomRWFile>* r,
                           IODebugContext* dbg) override {
    fs_.Untracked();
    return target()->NewRandomRWFile(f, o, r, dbg);
  }
  IOStatus NewDirectory(const std::string& name, const IOOptions& o,
                        std::unique_ptr<rocksdb::FSDirectory>* r, IODebugContext* dbg) override {
    IOStatus s = target()->NewDirectory(name, o, r, dbg);
    if (s.ok()) r->reset(new Directory(std::move(*r), Normal(name), fs_));
    return s;
  }
  IOStatus DeleteFile(const std::string& f, const IOOptions& o, IODebugContext* dbg) override {
    if (PassesThrough(f)) return target()->DeleteFile(f, o, dbg);
    const std::string path = Normal(f);
    IOStatus s = fs_.Gate(Op::kMetadata, path);
    if (!s.ok()) return s;
    fs_.model().Delete(path, [&] { return (s = target()->DeleteFile(f, o, dbg)).ok(); });
    return s;
  }
  IOStatus Truncate(const std::string& f, size_t size, const IOOptions& o,
                    IODebugContext* dbg) override {
    if (PassesThrough(f)) return target()->Truncate(f, size, o, dbg);
    IOStatus s = fs_.Gate(Op::kWrite, Normal(f));
    if (s.ok()) s = target()->Truncate(f, size, o, dbg);
    if (s.ok()) fs_.model().Truncated(Normal(f), size);
    return s;
  }
  IOStatus RenameFile(const std::string& from, const std::string& to, const IOOptions& o,
                      IODebugContext* dbg) override {
    if (PassesThrough(from) || PassesThrough(to)) return target()->RenameFile(from, to, o, dbg);
    IOStatus s = fs_.Gate(Op::kMetadata, Normal(to));
    if (!s.ok()) return s;
    fs_.model().Rename(Normal(from), Normal(to),
                       [&] { return (s = target()->RenameFile(from, to, o, dbg)).ok(); });
    return s;
  }
  IOStatus LinkFile(const std::string& from, const std::string& to, const IOOptions& o,
                    IODebugContext* dbg) override {
    IOStatus s = fs_.Gate(Op::kMetadata, Normal(to));
    if (!s.ok()) return s;
    fs_.model().Link(Normal(from), Normal(to),
                     [&] { return (s = target()->LinkFile(from, to, o, dbg)).ok(); });
    return s;
  }

 private:
  FaultFs::Impl& fs_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewFaultFileSystem(FaultFs::Impl& owner) {
  return std::make_shared<FaultFileSystem>(owner);
}

}  // namespace weerbaar::storage
