// Store: Weerbaar's durable state in RocksDB. No RocksDB type appears in this header.
//
// Records are the store's own (not wire messages). Every value is encrypted at rest
// (XChaCha20-Poly1305) with a data key per data class and time bucket (and per community
// and per user where retention or erasure needs it), wrapped by the master key and kept
// in a separate keyring database; the record's column family and key are bound as
// associated data.
//
// Retention is enforced here, not by a job: every record carries its creation time and
// expiry, and every read treats a record past its deadline as absent (docs/retention.md).
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
// nothing of it is visible; but the outcome is in doubt: what reached the WAL before
// the failure (a failed sync, a failed directory fsync) may be there after a restart.
// Resend with the same client message id: a stored one is answered as a duplicate.
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
#include "storage/partner.h"
#include "storage/privacy.h"

namespace weerbaar::storage {

// Binary identifiers (16 random bytes) are held in std::string.
using Id = std::string;

enum class Role : uint8_t { kNone = 0, kResident = 1, kLeader = 2, kPartner = 3, kAdmin = 4 };

enum class InviteKind : uint8_t {
  kAdmin = 1,
  kCommunity = 2,
  kGroup = 3,
  kDeviceLink = 4,
  kChannel = 5,  // a new partner user of channel_id (partner in its community)
};

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

// area: the community's geohash (4-6 characters, checked by the server), empty if none is
// set. Not personal data: it covers a neighbourhood, never an address.
inline constexpr size_t kMaxCommunityAreaBytes = 12;  // a geohash's longest form
struct CommunityRecord {
  Id community_id;
  std::string name;
  int64_t created_ms = 0;
  std::string area;
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
  Id channel_id;    // kChannel
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
  DataClass data_class = DataClass::kChatMessage;  // chat, signal report or survey response
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
  DataClass data_class = DataClass::kChatMessage;  // chat message or partner share
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

// The classes a group message may carry (NewGroupMessage::data_class): kChatMessage,
// kSignalReport, kSurveyResponse. An inbox entry: kChatMessage, kPartnerShare.
// Its retention follows the class (and, for group messages, the group's community).

struct RegisterOutcome {
  Id user_id;
  Id device_id;
  bool is_admin = false;
  Role role = Role::kNone;  // role in community_id, if any
  Id community_id;
  Id group_id;
  Id channel_id;                           // kChannel
  std::vector<GroupEpoch> changed_groups;  // groups whose epoch was raised
};

struct NewGroupMessage {
  Id group_id;
  uint64_t epoch = 0;
  Id sender_device;
  Id sender_user;
  Id client_msg_id;
  std::string ciphertext;
  DataClass data_class = DataClass::kChatMessage;
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
  DataClass data_class = DataClass::kChatMessage;
};

struct Cursor {
  Id device_id;
  Id group_id;
  uint64_t seq = 0;
};

// What EraseUser removed. Holds the erased user's raw id: hand it to the requester, do
// not keep it.
struct ErasureReceipt {
  Id user_id;
  int64_t erased_ms = 0;
  uint64_t devices = 0;
  uint64_t memberships = 0;         // community roles and group memberships
  uint64_t messages = 0;            // group messages they sent that were still held
  uint64_t inbox_entries = 0;       // entries waiting in their own inboxes
  uint64_t sent_inbox_entries = 0;  // entries they sent still waiting in others' inboxes
  uint64_t cursors = 0;
  uint64_t dedup_ids = 0;  // deduplication records of what they sent
  uint64_t invites = 0;    // invites they issued, or that would have linked a device to them
  uint64_t shares = 0;     // reports they shared with partner channels (keys destroyed)
  uint64_t data_keys_destroyed = 0;        // their per-user data keys (crypto-shredding)
  uint64_t audit_index = 0;                // the audit entry that records the erasure
  std::vector<GroupEpoch> changed_groups;  // every group they left, with its new epoch
};

// Everything the store holds about one user (Art. 15/20), read from one snapshot.
// Personal data (classes: account and device data, membership, chat message, delivery,
// audit entry): hand it to the user, do not keep it.
struct UserExport {
  int64_t exported_ms = 0;
  UserRecord user;
  std::vector<DeviceRecord> devices;                          // public keys only
  std::vector<std::pair<CommunityRecord, Role>> communities;  // memberships and roles
  std::vector<GroupRecord> groups;                            // groups they are a member of
  std::vector<StoredMessage> messages;  // group messages they sent, still held (ciphertext)
  std::vector<InboxEntry> inbox;        // entries waiting for their devices
  std::vector<Cursor> cursors;
  std::vector<InviteRecord> invites;  // invites they issued (token hashes only)
  // Per class: the retention without a community, and in each of their communities for
  // the classes a community may choose.
  std::vector<EffectiveRetention> retention;
  std::vector<AuditEntry> audit;  // entries whose actor or subject they are
};

struct SweepReport {
  uint64_t records_deleted = 0;  // expired records, with the dedup ids that went with them
  uint64_t index_entries = 0;    // expiry index entries retired
  uint64_t audit_pruned = 0;     // audit entries past the audit retention
  uint64_t data_keys_destroyed = 0;
  uint64_t batches = 0;  // committer operations it took
};

struct Done {};

template <typename T>
using Callback = std::function<void(Result<T>)>;

class FaultFs;  // storage/fault_fs.h

struct Options {
  std::string path;                // data folder; created if missing
  crypto::SecretBytes master_key;  // 32 bytes
  const Clock* clock = nullptr;    // REQUIRES: non-null, outlives the Store
  bool sync_writes = true;         // false only in tests that prove the harness sees loss
  size_t max_commit_batch = 512;   // operations per group commit
  size_t block_cache_bytes = 32 << 20;
  size_t max_queued_writes = 1 << 16;  // beyond this, writes get kResourceExhausted
  // The keyring database (wrapped data keys). Empty: a folder named "keyring" beside
  // `path` (in the same parent folder). Several stores of one process may share one
  // keyring (a checkpoint opened beside the live store); another process may not.
  std::string keyring_path;
  // No SST file escapes the expiry compaction filter for longer than this.
  uint64_t periodic_compaction_seconds = 24 * 3600;
  // Deletions per sweep operation; a sweep with more to do takes several operations, so
  // other writes are not held up.
  size_t sweep_batch_limit = 10'000;
  // A sweep that deleted something flushes every memtable at least this often, so no
  // WAL file keeps deleted values for longer (after an erasure: at once).
  uint64_t wal_flush_seconds = 3600;
  // Tests only (power loss, I/O faults): every file of the database and the keyring goes
  // through this file system. Null: the real one.
  std::shared_ptr<FaultFs> fault_fs;
  // Reserve each new WAL file's space ahead. Turn off only for a store on a memory file
  // system, where reserving allocates (and zeroes) the memory at once (the fuzz targets).
  bool preallocate_files = true;
  // Keep RocksDB's OPTIONS file and info LOG (DbFiles::diagnostic_files). They are for
  // operators and tools, never read by the store; off only in the fuzz targets' store.
  bool diagnostic_files = true;
};

class Store {
 public:
  // Opens or creates the database and its keyring. kDataLoss if the master key does not
  // match the keyring; kFailedPrecondition if the keyring belongs to another database or
  // the folder holds a format this version cannot read; kInvalidArgument if the master
  // key is not 32 bytes or there is no clock; kUnavailable if a folder cannot be opened
  // (for instance, another process holds it).
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
  // Replaces the community's area (the caller checked it is a geohash of 4-6 characters)
  // and appends an audit entry naming the actor, the community and the area's length only.
  // kNotFound for an unknown community; kInvalidArgument for an empty area or one over
  // kMaxCommunityAreaBytes.
  void SetCommunityArea(Id community_id, std::string area, Id actor, Callback<Done> done);
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
  // Every community, in id order (for admins; a server holds a handful).
  Result<std::vector<CommunityRecord>> AllCommunities();
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

  // A group message, or kNotFound (also once it is past its retention deadline).
  Result<StoredMessage> GetMessage(const Id& group_id, uint64_t seq);

  // ---- partner channels and shares (docs/signals.md) ----

  // kAlreadyExists if the id is in use; kNotFound for an unknown community.
  void CreateChannel(ChannelRecord channel, Callback<Done> done);
  // Sets the channel's public key once: kAlreadyExists if one is set; kNotFound.
  void SetChannelKey(Id channel_id, std::string public_key, Callback<Done> done);
  // Stores the share under a data key of its own, with the consent ledger entry, and
  // appends a kShare audit entry (actor: the reporter; subject: the channel), in one
  // write. Assigns the channel's next seq and returns the share as stored.
  // kNotFound for an unknown channel; kAlreadyExists if the report was shared with the
  // channel before (also after a withdrawal).
  void AddShare(ShareRecord share, ConsentLedgerRecord consent, Callback<ShareRecord> done);
  // Reads the live share, lets `mutate` change its status or thread (an error from it is
  // the answer, and nothing is written), and stores it under the same key and expiry.
  // kNotFound if the share is gone (withdrawn or expired).
  using ShareMutation = std::function<Status(ShareRecord&)>;
  void UpdateShare(Id share_id, ShareMutation mutate, Callback<ShareRecord> done);
  // Records the withdrawal in the ledger, deletes the share with its indexes and appends
  // a kWithdrawal audit entry in one write; then destroys the share's data key, so every
  // copy of it (WAL, SST, checkpoints) is unreadable (crypto-shredding), and the next
  // Sweep compacts the bytes away. kNotFound without a ledger entry; kAlreadyExists if
  // withdrawn before.
  void WithdrawShare(Id report_id, Id channel_id, std::string withdrawal, std::string signature,
                     Id actor, Callback<WithdrawOutcome> done);
  // The channel's trend secret for `period` (a quarter number), created on first use;
  // expires at expiry_ms, after which stored cards can no longer be linked to a reporter.
  void TrendSecret(Id channel_id, uint32_t period, int64_t expiry_ms, Callback<std::string> done);

  Result<ChannelRecord> GetChannel(const Id& channel_id);
  Result<std::vector<ChannelRecord>> ChannelsOfCommunity(const Id& community_id);

  // The admin's taxonomy overrides (their JSON, signals::ParseTaxonomyOverrides), replacing
  // the stored ones, with a kAdminAction audit entry in the same write. kInvalidArgument
  // if empty or over 256 KiB.
  void SetTaxonomyOverrides(std::string overrides_json, Id actor, Callback<Done> done);
  // The stored overrides, or nullopt if the admin never set any.
  Result<std::optional<std::string>> TaxonomyOverrides();
  Result<bool> IsChannelMember(const Id& channel_id, const Id& user_id);
  Result<std::vector<Id>> ChannelMembers(const Id& channel_id);  // user ids
  // A live share, or kNotFound (withdrawn, expired or unknown).
  Result<ShareRecord> GetShare(const Id& share_id);
  // The channel's live shares with seq > after_seq, ascending, at most limit.
  Result<std::vector<ShareRecord>> ReadChannelShares(const Id& channel_id, uint64_t after_seq,
                                                     size_t limit);
  Result<std::vector<ShareRecord>> SharesOfUser(const Id& user_id);
  Result<ConsentLedgerRecord> GetConsent(const Id& report_id, const Id& channel_id);

  // ---- retention (docs/retention.md) ----
  // Every change is recorded in the audit log (kPolicyChange) in the same atomic write.
  // actor is the admin's user id, or empty for the operator.

  // Sets a class's default period and the bounds a community may choose within.
  // kInvalidArgument unless min_ms <= default_ms <= max_ms within the class's hard limits,
  // or if the class is kept forever (account, membership, delivery, system).
  // Takes effect at once for existing records: see GetRetention.
  void SetRetentionPolicy(DataClass data_class, int64_t default_ms, int64_t min_ms, int64_t max_ms,
                          Id actor, Callback<Done> done);
  // A community's own period for a class a community may choose (chat message, signal
  // report, survey response). kInvalidArgument for another class or a period outside
  // the admin's bounds; kNotFound for an unknown community.
  void SetCommunityRetention(Id community_id, DataClass data_class, int64_t period_ms, Id actor,
                             Callback<Done> done);
  // Returns the community to the admin's default. kNotFound if it had no choice of its own.
  void ClearCommunityRetention(Id community_id, DataClass data_class, Id actor,
                               Callback<Done> done);
  // The retention in force (community_id may be empty). A record is absent from
  // min(its expiry when written, its creation + this period): shortening applies to
  // existing records at once, lengthening never brings back what had expired.
  // kInvalidArgument for an unknown class or an over-long id.
  Result<EffectiveRetention> GetRetention(const Id& community_id, DataClass data_class);

  // ---- erasure and export (Art. 17, 15, 20) ----

  // Erases the user in one atomic write: devices, memberships (every group they leave
  // gets a new epoch: push it), the group messages they sent still held, their inbox,
  // the inbox entries they sent that are still waiting, cursors, dedup ids, invites they
  // issued, the user record; then destroys their per-user data keys. Audited (kErasure).
  // Afterwards every read of the user answers kNotFound; the next Sweep flushes and
  // compacts everything, so the bytes leave every file. kNotFound for an unknown user.
  void EraseUser(Id user_id, Id actor, Callback<ErasureReceipt> done);
  // Everything the store holds about the user. kNotFound for an unknown user.
  Result<UserExport> ExportUser(const Id& user_id);

  // ---- audit log (Art. 30): append-only, hash-chained ----

  // Appends an entry; returns its index. kInvalidArgument for an over-long id or detail.
  void AppendAudit(AuditEvent event, Callback<uint64_t> done);
  // Entries with index >= from_index, ascending, at most limit; entries past the audit
  // retention are absent.
  Result<std::vector<AuditEntry>> ReadAudit(uint64_t from_index, size_t limit);
  // Walks the chain from the pruning anchor to the head: reports the first entry that was
  // edited, removed, reordered or cannot be opened. An error only if reading fails.
  Result<AuditCheck> VerifyAudit();
  // The pseudonym the audit log uses for a raw id (keyed BLAKE2b; key derived from the
  // master key), to find the entries about someone. Empty for an empty id.
  std::string Pseudonym(const Id& id) const;

  // ---- maintenance ----

  // Deletes every expired record, prunes the audit log, destroys the data keys whose
  // every record must have expired (and those of erasures a crash interrupted), then
  // compacts what it deleted from (everything, after an erasure) and flushes at least
  // every Options::wal_flush_seconds. Runs as committer operations of at most
  // Options::sweep_batch_limit deletions each; compacts on the calling thread. Call it
  // periodically (every minute) from a thread of its own.
  // REQUIRES: not called from a store callback (it waits for the committer).
  Status Sweep();
  Result<SweepReport> SweepWithReport();
  // Compacts every column family of the database and the keyring, so that deleted and
  // expired values are physically gone now rather than within
  // Options::periodic_compaction_seconds.
  Status CompactAll();

  // Writes every memtable to SST files (tests; shutdown does this itself).
  Status Flush();
  // A consistent copy of the database in `dir`, which must not exist yet (backups,
  // erasure tests). The keyring is not copied: the copy opens with the same master key
  // and the live keyring, so it cannot bring back what was erased or expired since.
  Status Checkpoint(const std::string& dir);

  struct Stats {
    uint64_t commits = 0;     // batch writes (synced when Options::sync_writes)
    uint64_t operations = 0;  // write operations processed by the committer
  };
  Stats stats() const;

  // After a failed group commit (its writes were answered kUnavailable, nothing of them
  // stored), `handler` runs on the committer thread with RocksDB's error. RocksDB then
  // refuses every write until the database is reopened: the owner should stop and reopen
  // (the server exits so that its supervisor restarts it; docs/operations.md). Replaces an
  // earlier handler; must not block.
  void SetWriteFailureHandler(std::function<void(const Status&)> handler);

  class Impl;

 private:
  friend class StoreTestPeer;  // storage tests only: raw access to the databases
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
