#include "server/datadir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "crypto/primitives.h"

namespace weerbaar::server {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  int err = errno;
  std::string message = what + " " + path + ": " + std::strerror(err);
  if (err == EEXIST) return AlreadyExists(message);
  if (err == ENOENT) return NotFound(message);
  if (err == EACCES || err == EPERM) return PermissionDenied(message);
  return Internal(message);
}

Status WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal(std::string("write failed: ") + std::strerror(errno));
    p += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Writes, syncs and closes; removes the file again if any step fails.
Status FillNewFile(int fd, const std::string& path, const void* data, size_t size) {
  Status st = WriteAll(fd, data, size);
  if (st.ok() && ::fsync(fd) != 0) st = Errno("cannot sync", path);
  if (::close(fd) != 0 && st.ok()) st = Errno("cannot close", path);
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

Status WriteNewBytes(const std::string& path, const void* data, size_t size, unsigned mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return Errno("cannot create", path);
  // The umask may have dropped bits from `mode`; it never adds any, so fchmod only matters
  // for callers that ask for more than the umask allows.
  ::fchmod(fd, mode);
  return FillNewFile(fd, path, data, size);
}

}  // namespace

DataPaths::DataPaths(std::string d)
    : dir(std::move(d)),
      config(dir + "/weerbaar.toml"),
      master_key(dir + "/master.key"),
      db(dir + "/db"),
      keyring(dir + "/keyring") {}

Status WriteNewFile(const std::string& path, std::string_view contents, unsigned mode) {
  return WriteNewBytes(path, contents.data(), contents.size(), mode);
}

Status CreateMasterKeyFile(const std::string& path) {
  crypto::SecretBytes key = crypto::RandomSecret(kMasterKeyBytes);
  return WriteNewBytes(path, key.data(), key.size(), 0600);
}

Result<crypto::SecretBytes> ReadMasterKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Errno("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return PermissionDenied(path + " must be readable by its owner only (chmod 600)");
  }
  crypto::SecretBytes key(kMasterKeyBytes);
  // Read one byte more than needed to notice a file that is too long.
  uint8_t extra = 0;
  ssize_t n = ::read(fd, key.data(), key.size());
  ssize_t more = n == static_cast<ssize_t>(key.size()) ? ::read(fd, &extra, 1) : 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(kMasterKeyBytes) || more != 0)
    return InvalidArgument(path + " must hold exactly 32 bytes");
  return key;
}

Status EnsurePrivateDir(const std::string& dir) {
  std::error_code parents_ec;
  std::filesystem::path parent = std::filesystem::path(dir).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, parents_ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno("cannot create", dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return Errno("cannot inspect", dir);
  if (!S_ISDIR(st.st_mode)) return InvalidArgument(dir + " is not a directory");
  if (::chmod(dir.c_str(), 0700) != 0) return Errno("cannot chmod", dir);
  return Status::Ok();
}

}  // namespace weerbaar::server
