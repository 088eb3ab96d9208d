// Db: the main RocksDB instance and its column families. Private to the storage library:
// only storage .cc files include this header.
#pragma once

#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/privacy.h"

namespace weerbaar::storage {

// One column family per kind of record; see docs/storage.md for the keys and values.
// The numbers are on disk (in expiry index keys and values): never renumber one.
enum class Cf : uint8_t {
  kMeta = 0,          // "server-id", audit head and anchor, pending erasures
  kUsers = 1,         // user -> UserRecord
  kDevices,           // device -> DeviceRecord
  kDevicesByUser,     // user|device -> ""
  kCommunities,       // community -> CommunityRecord
  kCommunityMembers,  // community|user -> role
  kUserCommunities,   // user|community -> role
  kGroups,            // group -> GroupRecord (epoch, last_seq)
  kGroupMembers,      // group|user -> ""
  kUserGroups,        // user|group -> ""
  kMessages,          // group|seq -> StoredMessage
  kMsgIds,            // sender_device|group|client_msg_id -> seq
  kInbox,             // device|seq -> InboxEntry
  kInboxIds,          // from_device|to_device|client_msg_id -> seq
  kInboxMeta,         // device -> last inbox seq
  kCursors,           // device|group -> seq
  kInvites,           // token_hash -> InviteRecord
  kRetention,         // class|community -> policy or period
  kAudit,             // index -> audit entry
  kExpiry,            // expiry|cf|key -> key id|created|companions (not sealed)
  // Partner channels and shares (docs/signals.md).
  kChannels,           // channel -> ChannelRecord
  kChannelMembers,     // channel|user -> ""
  kUserChannels,       // user|channel -> ""
  kCommunityChannels,  // community|channel -> ""
  kShares,             // channel|seq -> ShareRecord (its own data key)
  kShareIds,           // share -> channel|seq (with the share)
  kUserShares,         // user|share -> channel|seq (with the share)
  kSharesByReport,     // report|channel -> share id (with the share)
  kConsents,           // report|channel -> ConsentLedgerRecord
  kTrendSecrets,       // channel|period -> 32 random bytes
};
inline constexpr size_t kCfCount = static_cast<size_t>(Cf::kTrendSecrets) + 1;

std::string_view CfName(Cf cf);
// The class of a column family's records when the writer names none.
DataClass ClassOf(Cf cf);
// True for a number that is a Cf.
bool ValidCf(uint8_t cf);

// Maps a RocksDB status: corruption -> kDataLoss, I/O trouble -> kUnavailable.
Status FromRocks(const rocksdb::Status& s, std::string_view what);

// How the files of a store's two databases (data and keyring) are made.
struct DbFiles {
  rocksdb::Env* env = nullptr;  // tests (FaultFs); nullptr: the default Env
  // Reserve each new WAL file's space ahead (fallocate). Off only where reserving costs
  // memory: a store on a memory file system (the fuzz targets' store on /dev/shm).
  bool preallocate = true;
  // Keep RocksDB's diagnostic files: the OPTIONS file (every setting, written and parsed
  // back on every open) and the info LOG (which also lists every setting of every column
  // family on every open). Off only in the fuzz targets' store (fuzz/relay_env.cc), which the
  // stateful target reopens thousands of times: for our 33 column families they were over
  // half of a reopen's CPU.
  bool diagnostic_files = true;
};

// The options both databases share: created if missing, memtables flushed on close, no
// recycled WAL file, table files loaded on open by one thread.
rocksdb::Options BaseOptions(const DbFiles& files);

struct DbOptions {
  size_t block_cache_bytes = 32 << 20;
  uint64_t periodic_compaction_seconds = 24 * 3600;
  // The compaction filter of each column family (nullptr: none). Must outlive the Db.
  std::function<const rocksdb::CompactionFilter*(Cf)> filter_for;
  DbFiles files;
};

class Db {
 public:
  // Opens or creates the database at `path` with every column family.
  // kFailedPrecondition for a folder written by the first format (data keys inside).
  static Result<std::unique_ptr<Db>> Open(const std::string& path, const DbOptions& options);
  // Closes the database. REQUIRES: no write in flight.
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return handles_[static_cast<size_t>(c)]; }
  // The default column family: unsealed installation facts (the keyring id).
  rocksdb::ColumnFamilyHandle* default_cf() const { return default_cf_; }

  // Flushes every memtable to SST files.
  Status Flush();
  // A consistent copy of the database in `dir` (which must not exist).
  Status Checkpoint(const std::string& dir);
  // Compacts [begin, end] of one column family down to the last level, running the
  // compaction filter over every value in it (empty bounds: open ends).
  Status Compact(Cf cf, std::string_view begin, std::string_view end);
  Status CompactAll();

 private:
  Db() = default;
  rocksdb::DB* db_ = nullptr;
  rocksdb::ColumnFamilyHandle* default_cf_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> handles_{};
};

}  // namespace weerbaar::storage
