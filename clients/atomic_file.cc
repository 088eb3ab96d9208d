#include "clients/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace weerbaar::client {
namespace {

// Paths are the user's own profile paths, not secrets, so they may appear in messages.
Status Errno(const std::string& what, const std::string& path) {
  int e = errno;
  std::string message = what + " " + path + ": " + std::strerror(e);
  if (e == ENOENT) return NotFound(std::move(message));
  if (e == EEXIST) return AlreadyExists(std::move(message));
  if (e == EACCES || e == EPERM) return PermissionDenied(std::move(message));
  return Internal(std::move(message));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteAll(int fd, ByteView data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot write", path);
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return Errno("cannot sync", path);
  return Status::Ok();
}

Status SyncDir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Errno("cannot open folder", dir);
  if (::fsync(fd.get()) != 0) return Errno("cannot sync folder", dir);
  return Status::Ok();
}

// Writes a new file; removes it again if anything fails, so no partial secret remains.
Status WriteNewFile(const std::string& path, ByteView data, int flags, mode_t mode) {
  Fd fd(::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode));
  if (fd.get() < 0) return Errno("cannot create", path);
  // The umask may have removed bits, and a leftover temporary file may have had others.
  Status st = ::fchmod(fd.get(), mode) == 0 ? WriteAll(fd.get(), data, path)
                                            : Errno("cannot set the mode of", path);
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

}  // namespace

Status EnsurePrivateDir(const std::string& dir, mode_t mode) {
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) return Errno("cannot create folder", dir);
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0) return Errno("cannot inspect folder", dir);
  if (!S_ISDIR(st.st_mode)) return FailedPrecondition(dir + " is not a folder");
  if (st.st_uid != ::geteuid()) return FailedPrecondition(dir + " belongs to another user");
  if ((st.st_mode & 077) != 0)
    return FailedPrecondition(dir + " is accessible by other users; run: chmod 700 " + dir);
  return Status::Ok();
}

Status CreateFileExclusive(const std::string& path, ByteView data, mode_t mode) {
  WB_RETURN_IF_ERROR(WriteNewFile(path, data, O_EXCL, mode));
  return SyncDir(ParentDir(path));
}

Status WriteFileAtomically(const std::string& path, ByteView data, mode_t mode) {
  std::string tmp = path + ".tmp";
  WB_RETURN_IF_ERROR(WriteNewFile(tmp, data, O_TRUNC, mode));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = Errno("cannot replace", path);
    ::unlink(tmp.c_str());
    return st;
  }
  return SyncDir(ParentDir(path));
}

Result<Bytes> ReadWholeFile(const std::string& path, size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return Errno("cannot open", path);
  Bytes out;
  uint8_t chunk[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot read", path);
    if (n == 0) return out;
    if (out.size() + static_cast<size_t>(n) > max_bytes)
      return ResourceExhausted(path + " is larger than expected");
    out.insert(out.end(), chunk, chunk + n);
  }
}

}  // namespace weerbaar::client
