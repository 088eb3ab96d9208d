// Erasure (Art. 17): what EraseUser removes, that reads of the user answer kNotFound,
// that no file of either database holds the user's sealed records or wrapped keys
// afterwards, and that a checkpoint taken before cannot be read for the user.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/disk_scan_test_util.h"
#include "storage/store_test_env.h"
#include "storage/store_test_peer.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kNameCanary = "CANARY-erased-name-61f0";
constexpr std::string_view kMessageCanary = "CANARY-erased-message-0b9e";

class StoreErasureTest : public StoreTest {
 protected:
  // The leader, Anna (to be erased) and Bram share a group. Anna has sent two group
  // messages; she has acknowledged one inbox entry and has one waiting; she has sent
  // Bram one entry he acknowledged and one still waiting; she has a cursor and has
  // issued an invite.
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
    auto anna = NewGroupMember(w_, std::string(kNameCanary));
    auto bram = NewGroupMember(w_, "Bram");
    ASSERT_TRUE(anna.ok() && bram.ok());
    anna_ = *anna;
    bram_ = *bram;
    ASSERT_TRUE(Say(anna_, std::string(kMessageCanary)).ok());
    ASSERT_TRUE(Say(anna_, "second").ok());
    ASSERT_TRUE(Say(bram_, "bram's").ok());
    NewInboxMessage acked_by_anna = Pairwise(w_.leader, anna_, "acked by anna");
    acked_by_anna_key_ =
        StoreTestPeer::IdsKey({w_.leader.device_id, anna_.device_id, acked_by_anna.client_msg_id});
    ASSERT_TRUE(Deliver({acked_by_anna, Pairwise(anna_, bram_, "acked by bram"),
                         Pairwise(bram_, w_.leader, "bram to leader")})
                    .ok());
    ASSERT_TRUE(Await<Done>([&](auto done) { store_->AckInbox(bram_.device_id, 1, done); }).ok());
    ASSERT_TRUE(Await<Done>([&](auto done) { store_->AckInbox(anna_.device_id, 1, done); }).ok());
    ASSERT_TRUE(
        Deliver({Pairwise(w_.leader, anna_, "to anna"), Pairwise(anna_, bram_, "waiting")}).ok());
    ASSERT_TRUE(Await<Done>([&](auto done) {
                  store_->SetCursor(anna_.device_id, w_.group, 2, done);
                }).ok());
    InviteRecord invite = Invite(InviteKind::kCommunity);
    invite.community_id = w_.community;
    invite.created_by = anna_.user_id;
    ASSERT_TRUE(NewInvite(invite).ok());
    invite_key_ = StoreTestPeer::IdsKey({invite.token_hash});
  }

  Result<AppendResult> Say(const RegisterOutcome& who, const std::string& ciphertext) {
    return Send(w_.group, who, store_->GetGroup(w_.group)->epoch, RandomId(), ciphertext);
  }
  NewInboxMessage Pairwise(const RegisterOutcome& from, const RegisterOutcome& to,
                           const std::string& payload) {
    return {to.device_id, from.device_id, from.user_id, RandomId(), payload};
  }
  std::vector<Id> Senders() {
    std::vector<Id> senders;
    auto messages = store_->ReadGroup(w_.group, 0, 100);  // named: a temporary would dangle
    for (const StoredMessage& m : *messages) senders.push_back(m.sender_user);
    return senders;
  }
  // The sealed values of Anna's records, as stored.
  std::vector<std::string> AnnasSealedValues() {
    std::vector<std::pair<std::string, std::string>> refs = {
        {"users", StoreTestPeer::IdsKey({anna_.user_id})},
        {"devices", StoreTestPeer::IdsKey({anna_.device_id})},
        {"devices_by_user", StoreTestPeer::IdsKey({anna_.user_id, anna_.device_id})},
        {"user_groups", StoreTestPeer::IdsKey({anna_.user_id, w_.group})},
        {"group_members", StoreTestPeer::IdsKey({w_.group, anna_.user_id})},
        {"user_communities", StoreTestPeer::IdsKey({anna_.user_id, w_.community})},
        {"messages", StoreTestPeer::SeqKey(w_.group, 1)},
        {"messages", StoreTestPeer::SeqKey(w_.group, 2)},
        {"inbox", StoreTestPeer::SeqKey(anna_.device_id, 2)},
        {"inbox_ids", acked_by_anna_key_},  // the dedup id of an entry she acknowledged
        {"inbox", StoreTestPeer::SeqKey(bram_.device_id, 2)},
        {"cursors", StoreTestPeer::IdsKey({anna_.device_id, w_.group})},
        {"invites", invite_key_},
    };
    std::vector<std::string> values;
    for (const auto& [cf, key] : refs) {
      std::optional<std::string> raw = StoreTestPeer::RawGet(*store_, cf, key);
      EXPECT_TRUE(raw.has_value()) << cf;
      if (raw) values.push_back(*raw);
    }
    return values;
  }

  // Every value is in some file of the database, every key in some file of the keyring.
  void ExpectOnDisk(const std::vector<std::string>& sealed, const std::vector<std::string>& keys) {
    auto db = DiskScan::Of(DbDir());
    auto keyring = DiskScan::Of(KeyringDir());
    ASSERT_TRUE(db.ok() && keyring.ok());
    for (const std::string& bytes : sealed) EXPECT_FALSE(db->FilesHolding(bytes).empty());
    for (const std::string& key : keys) EXPECT_FALSE(keyring->FilesHolding(key).empty());
  }

  World w_;
  RegisterOutcome anna_, bram_;
  std::string invite_key_;
  std::string acked_by_anna_key_;
};

TEST_F(StoreErasureTest, RemovesEverythingOfTheUserAndRaisesTheEpochOfHerGroups) {
  const uint64_t epoch = store_->GetGroup(w_.group)->epoch;
  const Id admin = RandomId();
  auto receipt = Erase(anna_.user_id, admin);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->user_id, anna_.user_id);
  EXPECT_EQ(receipt->erased_ms, clock_.NowMillis());
  EXPECT_EQ(receipt->devices, 1u);
  EXPECT_EQ(receipt->memberships, 2u);  // the community and the group
  EXPECT_EQ(receipt->messages, 2u);
  EXPECT_EQ(receipt->inbox_entries, 1u);
  EXPECT_EQ(receipt->sent_inbox_entries, 1u);  // the acknowledged one was gone already
  EXPECT_EQ(receipt->cursors, 1u);
  EXPECT_EQ(receipt->dedup_ids, 5u);  // 2 messages, 2 sent entries, 1 received
  EXPECT_EQ(receipt->invites, 1u);
  EXPECT_GE(receipt->data_keys_destroyed, 3u);  // account, membership, chat at least
  ASSERT_EQ(receipt->changed_groups.size(), 1u);
  EXPECT_EQ(receipt->changed_groups[0].group_id, w_.group);
  EXPECT_EQ(receipt->changed_groups[0].epoch, epoch + 1);
  EXPECT_EQ(store_->GetGroup(w_.group)->epoch, epoch + 1);

  EXPECT_EQ(store_->GetUser(anna_.user_id).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetDevice(anna_.device_id).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->ExportUser(anna_.user_id).status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->DevicesOfUser(anna_.user_id)->empty());
  EXPECT_TRUE(store_->GroupsOfUser(anna_.user_id)->empty());
  EXPECT_TRUE(store_->CommunitiesOfUser(anna_.user_id)->empty());
  EXPECT_FALSE(*store_->IsGroupMember(w_.group, anna_.user_id));
  EXPECT_EQ(*store_->CommunityRole(w_.community, anna_.user_id), Role::kNone);
  EXPECT_TRUE(store_->ReadInbox(anna_.device_id, 0, 10)->empty());
  EXPECT_EQ(*store_->GetCursor(anna_.device_id, w_.group), 0u);
  EXPECT_EQ(Senders(), std::vector<Id>{bram_.user_id});
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "invites", invite_key_));
  EXPECT_TRUE(StoreTestPeer::KeyRowsOf(*store_, anna_.user_id).empty());
  // Bram keeps everything of his own; his inbox loses what Anna sent.
  EXPECT_EQ(store_->GetUser(bram_.user_id)->display_name, "Bram");
  EXPECT_TRUE(store_->ReadInbox(bram_.device_id, 0, 10)->empty());
  EXPECT_EQ(store_->ReadInbox(w_.leader.device_id, 0, 10)->size(), 1u);

  auto audit = store_->ReadAudit(receipt->audit_index, 1);
  ASSERT_TRUE(audit.ok() && audit->size() == 1);
  EXPECT_EQ(audit->at(0).action, AuditAction::kErasure);
  EXPECT_EQ(audit->at(0).subject, store_->Pseudonym(anna_.user_id));
  EXPECT_EQ(audit->at(0).actor, store_->Pseudonym(admin));
  EXPECT_EQ(audit->at(0).detail.find(anna_.user_id), std::string::npos);
  EXPECT_TRUE(store_->VerifyAudit()->intact);
  EXPECT_EQ(Erase(anna_.user_id).status().code(), Code::kNotFound);
}

TEST_F(StoreErasureTest, NoFileOfEitherDatabaseHoldsTheErasedRecordsOrKeys) {
  const std::vector<std::string> sealed = AnnasSealedValues();
  ASSERT_EQ(sealed.size(), 13u);
  std::vector<std::string> wrapped;
  for (const std::string& row : StoreTestPeer::KeyRowsOf(*store_, anna_.user_id)) {
    wrapped.push_back(row.substr(row.size() - 72));  // nonce | wrapped key | tag
  }
  ASSERT_GE(wrapped.size(), 3u);
  const std::string bram =
      *StoreTestPeer::RawGet(*store_, "users", StoreTestPeer::IdsKey({bram_.user_id}));
  // Control: before the erasure the scan sees every one of them, in the WAL and, once
  // flushed, in SST files (where only compaction can remove them).
  ASSERT_NO_FATAL_FAILURE(ExpectOnDisk(sealed, wrapped));
  ASSERT_TRUE(store_->Flush().ok());
  ASSERT_NO_FATAL_FAILURE(ExpectOnDisk(sealed, wrapped));

  ASSERT_TRUE(Erase(anna_.user_id).ok());
  ASSERT_TRUE(store_->Sweep().ok());  // after an erasure: flushes and compacts everything

  for (const std::string& dir : {DbDir(), KeyringDir()}) {
    auto scan = DiskScan::Of(dir);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    EXPECT_GT(scan->sst_files(), 0u) << dir;
    EXPECT_GT(scan->wal_files(), 0u) << dir;
    for (const std::string& bytes : sealed) {
      EXPECT_TRUE(scan->FilesHolding(bytes).empty()) << dir << " " << scan->FilesHolding(bytes)[0];
    }
    for (const std::string& key : wrapped) EXPECT_TRUE(scan->FilesHolding(key).empty()) << dir;
    for (std::string_view canary : {kNameCanary, kMessageCanary}) {
      EXPECT_TRUE(scan->FilesHolding(canary).empty()) << dir;
    }
  }
  // Control: the scan does find a live record's sealed bytes.
  EXPECT_FALSE(DiskScan::Of(DbDir())->FilesHolding(bram).empty());
}

TEST_F(StoreErasureTest, ACheckpointFromBeforeTheErasureCannotBeReadForTheErasedUser) {
  const std::string copy = dir_ + "/copy";
  ASSERT_TRUE(store_->Checkpoint(copy).ok());
  EXPECT_FALSE(std::filesystem::exists(copy + "/keyring"));
  ASSERT_TRUE(Erase(anna_.user_id).ok());
  store_.reset();

  Options options = MakeOptions(master_key_);
  options.path = copy;
  options.keyring_path = KeyringDir();  // the live keyring
  auto opened = Store::Open(std::move(options));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  const Code anna = store_->GetUser(anna_.user_id).status().code();
  EXPECT_TRUE(anna == Code::kNotFound || anna == Code::kDataLoss);
  EXPECT_FALSE(StoreTestPeer::OpenAny(*store_, "messages", StoreTestPeer::SeqKey(w_.group, 1)));
  EXPECT_FALSE(
      StoreTestPeer::OpenAny(*store_, "devices", StoreTestPeer::IdsKey({anna_.device_id})));
  EXPECT_TRUE(store_->ReadInbox(anna_.device_id, 0, 10)->empty());
  // Everyone else's records in the copy still read.
  EXPECT_EQ(store_->GetUser(bram_.user_id)->display_name, "Bram");
  EXPECT_EQ(Senders(), std::vector<Id>{bram_.user_id});
  EXPECT_EQ(store_->ReadGroup(w_.group, 0, 10)->at(0).ciphertext, "bram's");
  EXPECT_EQ(store_->ReadInbox(w_.leader.device_id, 0, 10)->size(), 1u);
}

TEST_F(StoreErasureTest, AnErasureInterruptedBeforeItsKeysWentIsCompletedOnTheNextOpen) {
  ASSERT_FALSE(StoreTestPeer::KeyRowsOf(*store_, bram_.user_id).empty());
  // As if the process died after the erasure's batch and before its keys were destroyed.
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "meta", "erasure-pending|" + bram_.user_id, "").ok());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_TRUE(StoreTestPeer::KeyRowsOf(*store_, bram_.user_id).empty());
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "meta", "erasure-pending|" + bram_.user_id));
  EXPECT_EQ(store_->GetUser(bram_.user_id).status().code(), Code::kNotFound);  // shredded
}

}  // namespace
}  // namespace weerbaar::storage
