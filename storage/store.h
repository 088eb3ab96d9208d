// Store: Weerbaar's durable state in RocksDB. No RocksDB type appears in this header.
//
// Records are the store's own (not wire messages). Every value is encrypted at rest
// (XChaCha20-Poly1305) with a data key per data class and time bucket, wrapped by the
// master key; the record's column family and key are bound as associated data.
//
// Writes run on one committer thread, in submission order. Each write operation reads
// what it needs, checks its preconditions and adds to a shared batch; the batch is
// written with one synced WAL write (group commit), then every operation's callback runs
// with its result. A callback that receives OK means the write is durable.
// Callbacks run on the committer thread: do not block in them; post to your own executor.
// The write queue is bounded (Options::max_queued_writes): when it is full, a write is
// refused, not blocked: its callback runs at once, on the calling thread, with
// kResourceExhausted (so do not hold a lock the callback takes while submitting).
// If the batch write fails, every operation of that batch gets kUnavailable and
// nothing of it is stored.
//
// Reads may be called from any thread and see every write whose callback has run.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "crypto/secret.h"

namespace weerbaar::storage {

// Binary identifiers (16 random bytes) are held in std::string.
using Id = std::string;

enum class Role : uint8_t { kNone = 0, kResident = 1, kLeader = 2, kPartner = 3, kAdmin = 4 };

enum class InviteKind : uint8_t { kAdmin = 1, kCommunity = 2, kGroup = 3, kDeviceLink = 4 };

// Personal data (class: account and device data): display name.
struct UserRecord {
  Id user_id;
  std::string display_name;
  bool is_admin = false;
  int64_t created_ms = 0;
};

// Personal data (class: account and device data): public keys of a user's device.
struct DeviceRecord {
  Id device_id;
  Id user_id;
  std::string signing_key;    // Ed25519 public
  std::string agreement_key;  // X25519 public
  std::string agreement_sig;
  int64_t created_ms = 0;
};

struct CommunityRecord {
  Id community_id;
  std::string name;
  int64_t created_ms = 0;
};

struct GroupRecord {
  Id group_id;
  Id community_id;
  std::string name;
  uint64_t epoch = 1;     // raised on every change of the member device set
  uint64_t last_seq = 0;  // highest sequence number stored
  int64_t created_ms = 0;
};

// Only the BLAKE2b hash of an invite token is stored.
struct InviteRecord {
  std::string token_hash;
  InviteKind kind = InviteKind::kCommunity;
  Role role = Role::kResident;
  Id community_id;  // kCommunity, kGroup
  Id group_id;      // kGroup
  Id user_id;       // kDeviceLink: the user who gets the new device
  Id created_by;    // user id of the issuer (empty for the bootstrap admin invite)
  int64_t expires_ms = 0;
};

// Personal data (class: chat message): ciphertext and metadata of one group message.
struct StoredMessage {
  Id group_id;
  uint64_t seq = 0;
  Id sender_device;
  Id sender_user;
  uint64_t epoch = 0;
  Id client_msg_id;
  std::string ciphertext;
  int64_t server_time_ms = 0;
};

// Personal data (class: chat message): one pairwise payload waiting in a device inbox.
struct InboxEntry {
  Id device_id;
  uint64_t seq = 0;
  Id from_device;
  Id from_user;
  Id client_msg_id;
  std::string payload;
  int64_t server_time_ms = 0;
  // Set by AppendInbox when (to_device, from_device, client_msg_id) was stored before:
  // seq is the original's; payload and server_time_ms are empty.
  bool duplicate = false;
};

struct RegisterRequest {
  std::string token_hash;
  DeviceRecord device;       // user_id is filled in by the store
  std::string display_name;  // for a new user
};

struct GroupEpoch {
  Id group_id;
  uint64_t epoch = 0;
};

struct RegisterOutcome {
  Id user_id;
  Id device_id;
  bool is_admin = false;
  Role role = Role::kNone;  // role in community_id, if any
  Id community_id;
  Id group_id;
  std::vector<GroupEpoch> changed_groups;  // groups whose epoch was raised
};

struct NewGroupMessage {
  Id group_id;
  uint64_t epoch = 0;
  Id sender_device;
  Id sender_user;
  Id client_msg_id;
  std::string ciphertext;
};

struct AppendResult {
  uint64_t seq = 0;
  bool duplicate = false;  // the client_msg_id was stored before: seq is the original
  StoredMessage message;   // as stored (for fan-out); empty ciphertext when duplicate
};

struct NewInboxMessage {
  Id to_device;
  Id from_device;
  Id from_user;
  Id client_msg_id;
  std::string payload;
};

struct Done {};

template <typename T>
using Callback = std::function<void(Result<T>)>;

struct Options {
  std::string path;                // data folder; created if missing
  crypto::SecretBytes master_key;  // 32 bytes
  const Clock* clock = nullptr;    // REQUIRES: non-null, outlives the Store
  bool sync_writes = true;         // false only in tests that prove the harness sees loss
  size_t max_commit_batch = 512;   // operations per group commit
  size_t block_cache_bytes = 32 << 20;
  size_t max_queued_writes = 1 << 16;  // beyond this, writes get kResourceExhausted
};

class Store {
 public:
  // Opens or creates the database. kDataLoss if the master key does not match the data;
  // kInvalidArgument if the master key is not 32 bytes or there is no clock; kUnavailable
  // if the folder cannot be opened (for instance, another Store holds it).
  static Result<std::unique_ptr<Store>> Open(Options options);
  // Finishes every queued write, then closes.
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // 32 random bytes created on first open; identifies this installation in auth.
  const std::string& server_id() const;

  // ---- writes: the callback gets OK only after the write is durable ----
  // Every write answers kInvalidArgument for an empty or over-long (> 255 bytes) id.

  // Consumes the invite (single use; kNotFound if unknown, used or expired, that is
  // clock->NowMillis() >= expires_ms) and creates the user and device, grants, and
  // memberships it carries, in one atomic write. kAlreadyExists if the device is
  // registered already. By kind: kAdmin: a new admin user. kCommunity: a new user with
  // invite.role in invite.community_id. kGroup: a new user, resident of the group's
  // community and member of the group (epoch raised). kDeviceLink: a new device of
  // invite.user_id; every group of that user gets its epoch raised (changed_groups).
  // kNotFound also if the community, group or user the invite names is gone.
  void Register(RegisterRequest req, Callback<RegisterOutcome> done);
  // kAlreadyExists if token_hash is in use; kInvalidArgument if an id the kind needs is
  // missing (kCommunity: community_id and a member role; kGroup: group_id;
  // kDeviceLink: user_id).
  void CreateInvite(InviteRecord invite, Callback<Done> done);
  // Communities are created by admins, who then invite their leaders.
  // kAlreadyExists if the id is in use. created_ms 0 is set to now.
  void CreateCommunity(CommunityRecord community, Callback<Done> done);
  // Creates the group with epoch 1 and `creator` as its first member.
  // kAlreadyExists if the id is in use; kNotFound if the community or creator is unknown.
  void CreateGroup(GroupRecord group, Id creator, Callback<Done> done);
  // Removes every device of the user from the group and raises its epoch.
  // kNotFound if the user is not a member. Returns the new epoch.
  void RemoveMember(Id group_id, Id user_id, Callback<uint64_t> done);
  // Checks membership of sender_user (kPermissionDenied) and the epoch
  // (kFailedPrecondition if not the group's current epoch), deduplicates by
  // (group, sender_device, client_msg_id), assigns the next sequence number.
  void AppendGroupMessage(NewGroupMessage msg, Callback<AppendResult> done);
  // Appends to each recipient's inbox; kNotFound if a device is unknown (nothing written).
  // Deduplicated by (to_device, from_device, client_msg_id). Returns each entry's seq.
  // Seqs are per inbox, from 1, never reused.
  void AppendInbox(std::vector<NewInboxMessage> msgs, Callback<std::vector<InboxEntry>> done);
  // Deletes inbox entries up to and including up_to_seq. The deduplication record of
  // an entry outlives it, so a retry after the ack is still recognised.
  void AckInbox(Id device_id, uint64_t up_to_seq, Callback<Done> done);
  // Cursors only move forward: a seq at or below the current one is OK and changes nothing.
  void SetCursor(Id device_id, Id group_id, uint64_t seq, Callback<Done> done);

  // ---- reads ----
  // kNotFound for an unknown id where one record is asked for; kDataLoss if a stored
  // value fails to decrypt; kInvalidArgument for an empty or over-long (> 255 bytes) id.

  Result<UserRecord> GetUser(const Id& user_id);
  Result<DeviceRecord> GetDevice(const Id& device_id);
  Result<std::vector<DeviceRecord>> DevicesOfUser(const Id& user_id);
  Result<CommunityRecord> GetCommunity(const Id& community_id);
  // Role::kNone when not a member.
  Result<Role> CommunityRole(const Id& community_id, const Id& user_id);
  Result<std::vector<std::pair<CommunityRecord, Role>>> CommunitiesOfUser(const Id& user_id);
  Result<GroupRecord> GetGroup(const Id& group_id);
  Result<bool> IsGroupMember(const Id& group_id, const Id& user_id);
  Result<std::vector<Id>> GroupMembers(const Id& group_id);  // user ids
  Result<std::vector<Id>> GroupsOfUser(const Id& user_id);   // group ids
  // Messages with seq > after_seq, ascending, at most `limit`.
  Result<std::vector<StoredMessage>> ReadGroup(const Id& group_id, uint64_t after_seq,
                                               size_t limit);
  Result<std::vector<InboxEntry>> ReadInbox(const Id& device_id, uint64_t after_seq, size_t limit);
  // 0 if never set.
  Result<uint64_t> GetCursor(const Id& device_id, const Id& group_id);

  // ---- maintenance ----

  // Writes every memtable to SST files (tests; shutdown does this itself).
  Status Flush();
  // A consistent copy of the database in `dir`, which must not exist yet (backups,
  // erasure tests). The copy opens with the same master key.
  Status Checkpoint(const std::string& dir);

  struct Stats {
    uint64_t commits = 0;     // batch writes (synced when Options::sync_writes)
    uint64_t operations = 0;  // write operations processed by the committer
  };
  Stats stats() const;

  class Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Runs an asynchronous store write and waits for it (tools, tests, start-up).
// REQUIRES: not called from a store callback.
template <typename T, typename Start>
Result<T> Await(Start&& start) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](Result<T> r) { promise.set_value(std::move(r)); });
  return future.get();
}

}  // namespace weerbaar::storage
