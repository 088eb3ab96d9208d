#include "clients/profile.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "clients/atomic_file.h"

namespace weerbaar::client {
namespace {

constexpr size_t kMaxIdentityBytes = 4096;

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// Overwrites a buffer that held secret bytes before it is freed.
void Wipe(Bytes& bytes) {
  volatile uint8_t* p = bytes.data();
  for (size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
}

Status CheckOwnerOnly(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return NotFound("no identity in this profile");
  if (!S_ISREG(st.st_mode)) return FailedPrecondition(path + " is not a regular file");
  if ((st.st_mode & 077) != 0)
    return FailedPrecondition(path + " is readable by other users; run: chmod 600 " + path);
  return Status::Ok();
}

}  // namespace

Result<std::string> Profile::DefaultDir() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return FailedPrecondition("HOME is not set; use --profile");
  return std::string(home) + "/.weerbaar";
}

Result<Profile> Profile::Open(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir.empty()) return InvalidArgument("empty profile folder name");
  WB_RETURN_IF_ERROR(EnsurePrivateDir(dir));
  return Profile(std::move(dir));
}

bool Profile::HasIdentity() const { return Exists(identity_path()); }
bool Profile::HasState() const { return Exists(state_path()); }

Status Profile::CreateIdentity(const crypto::DeviceIdentity& identity) const {
  crypto::SecretBytes secret = identity.SerializeSecret();
  return CreateFileExclusive(identity_path(), secret.view(), 0600);
}

Result<crypto::DeviceIdentity> Profile::LoadIdentity() const {
  WB_RETURN_IF_ERROR(CheckOwnerOnly(identity_path()));
  WB_ASSIGN_OR_RETURN(Bytes bytes, ReadWholeFile(identity_path(), kMaxIdentityBytes));
  auto identity = crypto::DeviceIdentity::Parse(bytes);
  Wipe(bytes);
  if (!identity.ok()) return InvalidArgument("identity.key is damaged");
  return std::move(identity).value();
}

Status Profile::RemoveIdentity() const {
  if (::unlink(identity_path().c_str()) != 0 && errno != ENOENT)
    return Internal("cannot remove " + identity_path());
  return Status::Ok();
}

Result<ClientState> Profile::LoadState() const {
  auto bytes = ReadWholeFile(state_path(), kMaxStateBytes);
  if (bytes.status().code() == Code::kNotFound) return NotFound("this profile has not joined");
  WB_RETURN_IF_ERROR(bytes);
  ClientState state;
  bool parsed = state.ParseFromArray(bytes->data(), static_cast<int>(bytes->size()));
  Wipe(*bytes);
  if (!parsed) return DataLoss(state_path() + " is damaged");
  return state;
}

Status Profile::SaveState(const ClientState& state) const {
  std::string data = state.SerializeAsString();
  Status st = WriteFileAtomically(state_path(), AsBytes(data), 0600);
  // The serialized state holds sender keys: overwrite it before the string is freed.
  volatile char* p = data.data();
  for (size_t i = 0; i < data.size(); ++i) p[i] = 0;
  return st;
}

}  // namespace weerbaar::client
