// Expiry as timelines on a ManualClock: present until 1 ms before the deadline on every
// read path, absent from the deadline on, and gone from disk after a sweep.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "storage/disk_scan_test_util.h"
#include "storage/store_test_env.h"
#include "storage/store_test_peer.h"

namespace weerbaar::storage {
namespace {

constexpr int64_t kDay = kDayMs;

class StoreExpiryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorldWithMember(&w_, &member_));
    // Chat messages live one day by default; a community may choose up to 30 days.
    ASSERT_TRUE(SetPolicy(DataClass::kChatMessage, kDay, kHourMs, 30 * kDay).ok());
  }

  Result<AppendResult> Post(const std::string& ciphertext,
                            DataClass data_class = DataClass::kChatMessage,
                            const Id& client_msg_id = RandomId()) {
    NewGroupMessage msg{w_.group,
                        store_->GetGroup(w_.group)->epoch,
                        w_.leader.device_id,
                        w_.leader.user_id,
                        client_msg_id,
                        ciphertext};
    msg.data_class = data_class;
    return Await<AppendResult>([&](auto done) { store_->AppendGroupMessage(msg, done); });
  }
  NewInboxMessage ToMember(const std::string& payload) {
    return {member_.device_id, w_.leader.device_id, w_.leader.user_id, RandomId(), payload};
  }
  std::vector<uint64_t> Seqs() {
    std::vector<uint64_t> seqs;
    auto messages = store_->ReadGroup(w_.group, 0, 100);  // named: a temporary would dangle
    for (const StoredMessage& m : *messages) seqs.push_back(m.seq);
    return seqs;
  }
  // The chat-message data keys whose subject is `user`.
  size_t ChatKeysOf(const Id& user) {
    std::vector<std::string> rows = StoreTestPeer::KeyRowsOf(*store_, user);
    return std::count_if(rows.begin(), rows.end(), [](const std::string& row) {
      return row.size() > 2 && row[2] == static_cast<char>(DataClass::kChatMessage);
    });
  }

  World w_;
  RegisterOutcome member_;
};

TEST_F(StoreExpiryTest, IsPresentOnEveryReadPathUntilTheDeadlineAndAbsentFromIt) {
  const Id client_msg_id = RandomId();
  auto posted = Post("group-ciphertext", DataClass::kChatMessage, client_msg_id);
  ASSERT_TRUE(posted.ok());
  ASSERT_TRUE(Deliver({ToMember("pairwise-payload")}).ok());
  const uint64_t seq = posted->seq;

  clock_.Advance(kDay - 1);  // 1 ms before the deadline
  EXPECT_EQ(store_->GetMessage(w_.group, seq)->ciphertext, "group-ciphertext");
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{seq});
  EXPECT_EQ(store_->ReadInbox(member_.device_id, 0, 10)->size(), 1u);
  EXPECT_EQ(store_->ExportUser(w_.leader.user_id)->messages.size(), 1u);
  EXPECT_EQ(store_->ExportUser(member_.user_id)->inbox.size(), 1u);
  EXPECT_TRUE(Post("retry", DataClass::kChatMessage, client_msg_id)->duplicate);

  clock_.Advance(1);  // the deadline
  EXPECT_EQ(store_->GetMessage(w_.group, seq).status().code(), Code::kNotFound);
  EXPECT_TRUE(Seqs().empty());
  EXPECT_TRUE(store_->ReadInbox(member_.device_id, 0, 10)->empty());
  EXPECT_TRUE(store_->ExportUser(w_.leader.user_id)->messages.empty());
  EXPECT_TRUE(store_->ExportUser(member_.user_id)->inbox.empty());
  // Its dedup id expired with it: the same client id is a new message now.
  auto again = Post("again", DataClass::kChatMessage, client_msg_id);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->duplicate);
  EXPECT_EQ(again->seq, seq + 1);
}

TEST_F(StoreExpiryTest, SweepAndCompactionRemoveExpiredRecordsFromEveryFile) {
  const Id client_msg_id = RandomId();
  auto posted = Post("group-ciphertext", DataClass::kChatMessage, client_msg_id);
  auto delivered = Deliver({ToMember("pairwise-payload")});
  ASSERT_TRUE(posted.ok() && delivered.ok());
  const std::string message_key = StoreTestPeer::SeqKey(w_.group, posted->seq);
  const std::string inbox_key = StoreTestPeer::SeqKey(member_.device_id, 1);
  std::vector<std::string> sealed;
  for (auto [cf, key] :
       {std::pair{"messages", message_key},
        std::pair{"msg_ids", StoreTestPeer::IdsKey({w_.leader.device_id, w_.group, client_msg_id})},
        std::pair{"inbox", inbox_key}}) {
    std::optional<std::string> raw = StoreTestPeer::RawGet(*store_, cf, key);
    ASSERT_TRUE(raw.has_value()) << cf;
    sealed.push_back(*raw);
  }
  const std::string live =
      *StoreTestPeer::RawGet(*store_, "users", StoreTestPeer::IdsKey({w_.leader.user_id}));
  const std::vector<std::string> key_rows_before =
      StoreTestPeer::KeyRowsOf(*store_, w_.leader.user_id);
  ASSERT_EQ(ChatKeysOf(w_.leader.user_id), 1u);
  // In SST files now, where only compaction removes them (control: the scan sees them).
  ASSERT_TRUE(store_->Flush().ok());
  for (const std::string& bytes : sealed)
    EXPECT_FALSE(DiskScan::Of(DbDir())->FilesHolding(bytes).empty());

  clock_.Advance(3 * kDay);  // past the deadline and the end of the keys' bucket + period
  auto report = store_->SweepWithReport();  // compacts what it deleted from
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_GE(report->records_deleted, 4u);  // message, inbox entry and their dedup ids
  EXPECT_GE(report->data_keys_destroyed, 2u);
  EXPECT_EQ(ChatKeysOf(w_.leader.user_id), 0u);
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "messages", message_key).has_value());

  for (const std::string& dir : {DbDir(), KeyringDir()}) {
    auto scan = DiskScan::Of(dir);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    EXPECT_GT(scan->sst_entries(), 0u) << dir;
    for (size_t i = 0; i < sealed.size(); ++i) {
      EXPECT_EQ(scan->FilesHolding(sealed[i]).size(), 0u)
          << dir << " " << i << " "
          << (scan->FilesHolding(sealed[i]).empty() ? "" : scan->FilesHolding(sealed[i])[0]);
    }
    for (const std::string& row : key_rows_before) {
      if (row[2] == static_cast<char>(DataClass::kChatMessage)) {
        EXPECT_EQ(scan->FilesHolding(row.substr(row.size() - 72)).size(), 0u) << dir;
      }
    }
  }
  // Control: the scan finds what is still live.
  EXPECT_FALSE(DiskScan::Of(DbDir())->FilesHolding(live).empty());
}

TEST_F(StoreExpiryTest, ASweepRetiresTheWalThatHeldAnExpiredValue) {
  auto posted = Post("only-in-the-wal");
  ASSERT_TRUE(posted.ok());
  const std::string sealed =
      *StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, posted->seq));
  auto before = DiskScan::Of(DbDir());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_FALSE(before->FilesHolding(sealed).empty());  // control: the WAL holds it
  EXPECT_GT(before->wal_records(), 0u);

  clock_.Advance(kDay);  // its deadline, and more than wal_flush_seconds since the open
  ASSERT_TRUE(store_->Sweep().ok());
  auto after = DiskScan::Of(DbDir());
  ASSERT_TRUE(after.ok());
  EXPECT_GT(after->wal_files(), 0u);
  EXPECT_TRUE(after->FilesHolding(sealed).empty());
}

TEST_F(StoreExpiryTest, ShorteningACommunitysPeriodHidesOlderMessagesAtOnce) {
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 30 * kDay).ok());
  auto old_one = Post("old");
  clock_.Advance(5 * kDay);
  auto new_one = Post("new");
  ASSERT_TRUE(old_one.ok() && new_one.ok());
  clock_.Advance(kDay);
  EXPECT_EQ(Seqs().size(), 2u);

  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 3 * kDay).ok());
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{new_one->seq});
  EXPECT_EQ(store_->GetMessage(w_.group, old_one->seq).status().code(), Code::kNotFound);

  auto report = store_->SweepWithReport();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_deleted, 2u);  // the old message and its dedup id
  EXPECT_FALSE(
      StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, old_one->seq)));
  EXPECT_TRUE(
      StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, new_one->seq)));
}

TEST_F(StoreExpiryTest, LengtheningNeverBringsBackWhatHadExpired) {
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 3 * kDay).ok());
  auto first = Post("first");
  clock_.Advance(4 * kDay);
  auto second = Post("second");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{second->seq});

  // Not swept in between: the record is still on disk, and still stays away.
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 30 * kDay).ok());
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{second->seq});
  auto third = Post("third");
  ASSERT_TRUE(third.ok());
  clock_.Advance(3 * kDay);  // the second's deadline as written
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{third->seq});
  clock_.Advance(26 * kDay);
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{third->seq});
  clock_.Advance(kDay);
  EXPECT_TRUE(Seqs().empty());
}

TEST_F(StoreExpiryTest, ASweepPassesOverALiveReportToReachShortenedChatBehindIt) {
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 30 * kDay).ok());
  auto report = Post("report", DataClass::kSignalReport);  // 180 days
  auto chat1 = Post("chat");
  auto chat2 = Post("chat");
  ASSERT_TRUE(report.ok() && chat1.ok() && chat2.ok());
  // Only the shortening expires the chat: their stored expiry is 30 days away.
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, kDay).ok());
  clock_.Advance(2 * kDay);
  EXPECT_EQ(Seqs(), std::vector<uint64_t>{report->seq});
  auto swept = store_->SweepWithReport();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->records_deleted, 4u);  // two messages, two dedup ids
  EXPECT_TRUE(StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, 1)));
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, 2)));
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, 3)));
  EXPECT_EQ(store_->GetMessage(w_.group, report->seq)->data_class, DataClass::kSignalReport);
}

TEST_F(StoreExpiryTest, RefusesAClassThatIsNoMessageClass) {
  EXPECT_EQ(Post("x", DataClass::kAuditEntry).status().code(), Code::kInvalidArgument);
  NewInboxMessage msg = ToMember("x");
  msg.data_class = DataClass::kSignalReport;
  EXPECT_EQ(Deliver({msg}).status().code(), Code::kInvalidArgument);
}

TEST_F(StoreExpiryTest, AnExpiredInviteIsSweptWithItsIndexEntry) {
  InviteRecord invite = Invite(InviteKind::kCommunity);
  invite.community_id = w_.community;
  invite.role = Role::kResident;
  ASSERT_TRUE(NewInvite(invite).ok());
  const std::string key = StoreTestPeer::IdsKey({invite.token_hash});
  ASSERT_TRUE(StoreTestPeer::RawGet(*store_, "invites", key));
  clock_.Advance(kHourMs);
  auto report = store_->SweepWithReport();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_deleted, 1u);
  EXPECT_EQ(report->index_entries, 1u);
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "invites", key));
}

TEST_F(StoreExpiryTest, TheCompactionFilterDropsExpiredValuesEvenWithoutASweep) {
  auto posted = Post("unswept");
  ASSERT_TRUE(posted.ok());
  const std::string key = StoreTestPeer::SeqKey(w_.group, posted->seq);
  ASSERT_TRUE(store_->Flush().ok());
  ASSERT_TRUE(store_->CompactAll().ok());
  ASSERT_TRUE(StoreTestPeer::RawGet(*store_, "messages", key));  // live: kept
  clock_.Advance(kDay);
  ASSERT_TRUE(store_->CompactAll().ok());
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "messages", key));
}

TEST_F(StoreExpiryTest, PeriodicCompactionBoundsHowLongAFileEscapesTheFilter) {
  EXPECT_EQ(StoreTestPeer::PeriodicCompactionSeconds(*store_, "messages"), 86400u);
  store_.reset();
  Options options = MakeOptions(master_key_);
  options.periodic_compaction_seconds = 3600;
  auto opened = Store::Open(std::move(options));
  ASSERT_TRUE(opened.ok());
  store_ = std::move(opened).value();
  EXPECT_EQ(StoreTestPeer::PeriodicCompactionSeconds(*store_, "messages"), 3600u);
  EXPECT_EQ(StoreTestPeer::PeriodicCompactionSeconds(*store_, "inbox"), 3600u);
}

TEST_F(StoreExpiryTest, FileOptionsReachTheDatabase) {
  EXPECT_TRUE(StoreTestPeer::PreallocatesFiles(*store_));
  EXPECT_EQ(StoreTestPeer::FileOpeningThreads(*store_), 1);
  store_.reset();
  Options options = MakeOptions(master_key_);
  options.preallocate_files = false;
  auto opened = Store::Open(std::move(options));
  ASSERT_TRUE(opened.ok());
  store_ = std::move(opened).value();
  EXPECT_FALSE(StoreTestPeer::PreallocatesFiles(*store_));
}

// The files in `dirs` whose name starts with `prefix`.
std::vector<std::filesystem::path> FilesStartingWith(const std::vector<std::string>& dirs,
                                                     std::string_view prefix) {
  std::vector<std::filesystem::path> found;
  for (const std::string& dir : dirs)
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().filename().string().starts_with(prefix)) found.push_back(entry.path());
  return found;
}

TEST_F(StoreExpiryTest, DiagnosticFilesCanBeLeftOut) {
  const std::vector<std::string> dirs = {DbDir(), KeyringDir()};
  EXPECT_GE(FilesStartingWith(dirs, "OPTIONS-").size(), 2u);
  EXPECT_GE(FilesStartingWith(dirs, "LOG").size(), 2u);
  store_.reset();
  for (std::string_view prefix : {"OPTIONS", "LOG"})
    for (const auto& path : FilesStartingWith(dirs, prefix)) std::filesystem::remove(path);
  const Id msg_id = RandomId();
  for (int open = 0; open < 2; ++open) {
    Options options = MakeOptions(master_key_);
    options.diagnostic_files = false;
    auto opened = Store::Open(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    auto posted = Post("kept", DataClass::kChatMessage, msg_id);
    ASSERT_TRUE(posted.ok());
    EXPECT_EQ(posted->duplicate, open == 1);  // the reopened store has the first post
    store_.reset();
  }
  EXPECT_EQ(FilesStartingWith(dirs, "OPTIONS").size(), 0u);
  EXPECT_EQ(FilesStartingWith(dirs, "LOG").size(), 0u);
  auto reopened = Store::Open(MakeOptions(master_key_));  // and the real files come back
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(reopened).value();
  EXPECT_GE(FilesStartingWith(dirs, "OPTIONS-").size(), 2u);
}

TEST_F(StoreExpiryTest, ALongBacklogIsSweptInSeveralOperations) {
  store_.reset();
  Options options = MakeOptions(master_key_);
  options.sweep_batch_limit = 3;
  auto opened = Store::Open(std::move(options));
  ASSERT_TRUE(opened.ok());
  store_ = std::move(opened).value();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Post("m").ok());
  clock_.Advance(kDay);
  auto report = store_->SweepWithReport();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->index_entries, 10u);
  EXPECT_EQ(report->records_deleted, 20u);
  EXPECT_GE(report->batches, 4u);
  EXPECT_EQ(store_->SweepWithReport()->records_deleted, 0u);
}

}  // namespace
}  // namespace weerbaar::storage
