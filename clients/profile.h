// Profile: the folder holding one device's identity and client state.
//
//   <dir>/            mode 0700, created if missing; refused if others can access it
//   <dir>/identity.key  crypto::DeviceIdentity::SerializeSecret(), mode 0600, never replaced
//   <dir>/state.pb      client::ClientState, mode 0600, replaced atomically on every save
//
// A Profile is a cheap value (a path). Methods do blocking file I/O. Thread safety: none
// beyond the file system's; one process should use a profile at a time.
#pragma once

#include <string>

#include "client_state.pb.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::client {

// Upper bound on state.pb; a larger file is refused rather than read into memory.
inline constexpr size_t kMaxStateBytes = 512 * 1024 * 1024;

class Profile {
 public:
  // $HOME/.weerbaar. kFailedPrecondition if HOME is not set.
  static Result<std::string> DefaultDir();

  // Opens `dir`, creating it with mode 0700 if missing (its parent must exist).
  // kFailedPrecondition if it exists but is not a private folder of this user.
  static Result<Profile> Open(std::string dir);

  const std::string& dir() const { return dir_; }
  std::string identity_path() const { return dir_ + "/identity.key"; }
  std::string state_path() const { return dir_ + "/state.pb"; }

  bool HasIdentity() const;
  bool HasState() const;

  // Writes identity.key with O_EXCL (mode 0600): kAlreadyExists if there is one.
  Status CreateIdentity(const crypto::DeviceIdentity& identity) const;
  // kNotFound if missing; kFailedPrecondition if group or others can read it;
  // kInvalidArgument if it does not parse.
  Result<crypto::DeviceIdentity> LoadIdentity() const;
  // Deletes identity.key (used when a join fails after the key was written).
  Status RemoveIdentity() const;

  // kNotFound if there is no state yet; kDataLoss if it does not parse.
  Result<ClientState> LoadState() const;
  // Atomic replace (tmp, fsync, rename, fsync folder), mode 0600.
  Status SaveState(const ClientState& state) const;

 private:
  explicit Profile(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace weerbaar::client
