// Db: the RocksDB instance and its column families. Private to the storage library:
// only storage .cc files include this header.
#pragma once

#include <rocksdb/db.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::storage {

// One column family per kind of record; see docs/storage.md for the keys and values.
enum class Cf : uint8_t {
  kMeta,              // "server-id" -> server id
  kKeys,              // master-key check and wrapped data keys (not sealed records)
  kUsers,             // user -> UserRecord
  kDevices,           // device -> DeviceRecord
  kDevicesByUser,     // user|device -> ""
  kCommunities,       // community -> CommunityRecord
  kCommunityMembers,  // community|user -> role
  kUserCommunities,   // user|community -> role
  kGroups,            // group -> GroupRecord (epoch, last_seq)
  kGroupMembers,      // group|user -> ""
  kUserGroups,        // user|group -> ""
  kMessages,          // group|seq -> StoredMessage
  kMsgIds,            // group|sender_device|client_msg_id -> seq
  kInbox,             // device|seq -> InboxEntry
  kInboxIds,          // device|from_device|client_msg_id -> seq
  kInboxMeta,         // device -> last inbox seq
  kCursors,           // device|group -> seq
  kInvites,           // token_hash -> InviteRecord
};
inline constexpr size_t kCfCount = static_cast<size_t>(Cf::kInvites) + 1;

// Data classes choose the data key a value is sealed under (with the time bucket).
enum class DataClass : uint8_t {
  kSystem = 1,      // installation metadata; not bucketed by time
  kAccount = 2,     // users and devices
  kMembership = 3,  // communities, groups, memberships, invites
  kChat = 4,        // group messages and inbox payloads
  kDelivery = 5,    // sequence bookkeeping: dedup ids, inbox counters, cursors
};

std::string_view CfName(Cf cf);
DataClass ClassOf(Cf cf);

// Maps a RocksDB status: corruption -> kDataLoss, I/O trouble -> kUnavailable.
Status FromRocks(const rocksdb::Status& s, std::string_view what);

class Db {
 public:
  // Opens or creates the database at `path` with every column family.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, size_t block_cache_bytes);
  // Closes the database. REQUIRES: no write in flight.
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return handles_[static_cast<size_t>(c)]; }

  // Flushes every memtable to SST files.
  Status Flush();
  // A consistent copy of the database in `dir` (which must not exist).
  Status Checkpoint(const std::string& dir);

 private:
  Db() = default;
  rocksdb::DB* db_ = nullptr;
  rocksdb::ColumnFamilyHandle* default_cf_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> handles_{};
};

}  // namespace weerbaar::storage
