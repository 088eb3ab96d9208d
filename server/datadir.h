// The data folder: its layout, the master key file and exclusive file creation.
//
//   DIR/              mode 0700
//   DIR/weerbaar.toml the configuration (every setting, commented, at its default)
//   DIR/master.key    32 random bytes, mode 0600: wraps every data key of the store
//   DIR/db/           the RocksDB store
//   DIR/keyring/      the store's wrapped data keys (the store's default: beside db/)
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::server {

inline constexpr size_t kMasterKeyBytes = 32;

struct DataPaths {
  explicit DataPaths(std::string dir);
  std::string dir, config, master_key, db, keyring;
};

// Creates `path` with `mode` and writes `contents`; kAlreadyExists if it exists (O_EXCL),
// so two processes can never both believe they created it.
Status WriteNewFile(const std::string& path, std::string_view contents, unsigned mode);

// Creates the key file with 32 fresh random bytes, mode 0600. kAlreadyExists if present.
Status CreateMasterKeyFile(const std::string& path);

// Reads the key file. kPermissionDenied if group or others may read or write it,
// kInvalidArgument if it does not hold exactly 32 bytes, kNotFound if missing.
Result<crypto::SecretBytes> ReadMasterKeyFile(const std::string& path);

// Creates the folder (and missing parents) with mode 0700, or tightens an existing one
// to 0700.
Status EnsurePrivateDir(const std::string& dir);

}  // namespace weerbaar::server
