// The audit log: hash chain, pseudonyms, tamper detection (through raw writes to the
// database), and pruning with an anchor.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/audit.h"
#include "storage/store_test_env.h"
#include "storage/store_test_peer.h"

namespace weerbaar::storage {
namespace {

constexpr int64_t kDay = kDayMs;

class StoreAuditTest : public StoreTest {
 protected:
  Result<uint64_t> Append(const std::string& detail, const Id& subject = {}) {
    AuditEvent event{AuditAction::kAdminAction, actor_, subject, detail};
    return Await<uint64_t>([&](auto done) { store_->AppendAudit(event, done); });
  }
  void AppendFive() {
    for (int i = 1; i <= 5; ++i) ASSERT_EQ(*Append("entry " + std::to_string(i)), uint64_t(i));
  }
  AuditCheck Verify() {
    Result<AuditCheck> check = store_->VerifyAudit();
    EXPECT_TRUE(check.ok()) << check.status().ToString();
    return check.ok() ? *check : AuditCheck{};
  }
  std::string Plain(uint64_t index) {
    return StoreTestPeer::OpenAny(*store_, "audit", StoreTestPeer::AuditKey(index)).value_or("");
  }

  Id actor_ = RandomId();
};

TEST_F(StoreAuditTest, AnUntouchedChainVerifiesAndEachHashCoversThePreviousOne) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  AuditCheck check = Verify();
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.entries, 5u);
  EXPECT_EQ(check.first_bad_index, 0u);
  auto entries = store_->ReadAudit(1, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 5u);
  std::string previous(32, '\0');
  for (const AuditEntry& e : *entries) {
    const std::string input = previous + EncodeAuditEntry(e);
    EXPECT_EQ(e.hash, ToString(crypto::Hash(AsBytes(input), 32)));
    previous = e.hash;
  }
  EXPECT_EQ(store_->ReadAudit(4, 10)->size(), 2u);
  EXPECT_EQ(store_->ReadAudit(2, 2)->back().index, 3u);
}

TEST_F(StoreAuditTest, DetectsAnEditedEntryEvenWhenResealedWithTheRealKey) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  AuditEntry entry;
  ASSERT_TRUE(DecodeAuditValue(Plain(3), &entry));
  entry.detail = "nothing happened";
  ASSERT_TRUE(StoreTestPeer::Reseal(*store_, "audit", StoreTestPeer::AuditKey(3),
                                    EncodeAuditEntry(entry) + entry.hash)
                  .ok());
  AuditCheck check = Verify();
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_index, 3u);
  EXPECT_EQ(check.problem, "entry was edited");
}

TEST_F(StoreAuditTest, DetectsARemovedEntry) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  ASSERT_TRUE(StoreTestPeer::RawDelete(*store_, "audit", StoreTestPeer::AuditKey(3)).ok());
  AuditCheck check = Verify();
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_index, 3u);
}

TEST_F(StoreAuditTest, DetectsTwoSwappedEntries) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  const std::string k3 = StoreTestPeer::AuditKey(3), k4 = StoreTestPeer::AuditKey(4);
  const std::string v3 = *StoreTestPeer::RawGet(*store_, "audit", k3);
  const std::string v4 = *StoreTestPeer::RawGet(*store_, "audit", k4);
  // Raw values swapped: each is bound to its own key and no longer opens.
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "audit", k3, v4).ok());
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "audit", k4, v3).ok());
  EXPECT_EQ(Verify().first_bad_index, 3u);
  // Plaintexts swapped and resealed in place by someone holding the master key.
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "audit", k3, v3).ok());
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "audit", k4, v4).ok());
  ASSERT_TRUE(Verify().intact);
  const std::string p3 = Plain(3), p4 = Plain(4);
  ASSERT_TRUE(StoreTestPeer::Reseal(*store_, "audit", k3, p4).ok());
  ASSERT_TRUE(StoreTestPeer::Reseal(*store_, "audit", k4, p3).ok());
  AuditCheck check = Verify();
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_index, 3u);
}

TEST_F(StoreAuditTest, DetectsEntriesCutOffTheEnd) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  ASSERT_TRUE(StoreTestPeer::RawDelete(*store_, "audit", StoreTestPeer::AuditKey(5)).ok());
  AuditCheck check = Verify();
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_index, 5u);
}

TEST_F(StoreAuditTest, PruningKeepsAnAnchorSoTheRestStillVerifies) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Append("old").ok());
  clock_.Advance(200 * kDay);
  ASSERT_TRUE(Append("newer").ok());
  ASSERT_TRUE(Append("newer").ok());
  ASSERT_TRUE(SetPolicy(DataClass::kAuditEntry, 365 * kDay, 365 * kDay, 1825 * kDay).ok());
  clock_.Advance(165 * kDay);  // the first three are 365 days old
  // Past their retention they are absent to readers, and still verified until pruned.
  EXPECT_EQ(store_->ReadAudit(1, 10)->front().index, 4u);
  EXPECT_EQ(Verify().entries, 6u);

  auto report = store_->SweepWithReport();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->audit_pruned, 3u);
  EXPECT_FALSE(StoreTestPeer::RawGet(*store_, "audit", StoreTestPeer::AuditKey(3)));
  AuditCheck check = Verify();
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.anchor_index, 3u);
  EXPECT_EQ(check.entries, 3u);

  clock_.Advance(kDay);  // the first entries' data key is past its bucket + period
  ASSERT_TRUE(store_->Sweep().ok());
  EXPECT_TRUE(Verify().intact);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_TRUE(Verify().intact);

  // A removed entry in the middle is still detected after pruning.
  ASSERT_TRUE(StoreTestPeer::RawDelete(*store_, "audit", StoreTestPeer::AuditKey(5)).ok());
  EXPECT_EQ(Verify().first_bad_index, 5u);
}

TEST_F(StoreAuditTest, ADamagedEntryStopsPruningButNotTheRestOfTheSweep) {
  ASSERT_NO_FATAL_FAILURE(AppendFive());
  std::string damaged = *StoreTestPeer::RawGet(*store_, "audit", StoreTestPeer::AuditKey(2));
  damaged.back() ^= 1;
  ASSERT_TRUE(StoreTestPeer::RawPut(*store_, "audit", StoreTestPeer::AuditKey(2), damaged).ok());
  InviteRecord invite = Invite(InviteKind::kAdmin);  // expires in an hour
  ASSERT_TRUE(NewInvite(invite).ok());
  clock_.Advance(731 * kDay);  // past the built-in audit retention of two years

  auto report = store_->SweepWithReport();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->audit_pruned, 1u);     // entry 1; pruning stops at the damaged entry
  EXPECT_EQ(report->records_deleted, 1u);  // the rest of the sweep went on
  EXPECT_TRUE(StoreTestPeer::RawGet(*store_, "audit", StoreTestPeer::AuditKey(3)));
  AuditCheck check = Verify();
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_index, 2u);
  EXPECT_EQ(check.anchor_index, 1u);
  EXPECT_TRUE(StoreTestPeer::OpenAny(*store_, "audit", StoreTestPeer::AuditKey(3)));  // key kept
}

TEST_F(StoreAuditTest, RecordsPseudonymsKeyedByTheMasterKeyNeverRawIds) {
  const Id subject = RandomId();
  ASSERT_TRUE(Append("x", subject).ok());
  AuditEntry entry = store_->ReadAudit(1, 1)->at(0);
  EXPECT_EQ(entry.actor, store_->Pseudonym(actor_));
  EXPECT_EQ(entry.subject, store_->Pseudonym(subject));
  EXPECT_EQ(Plain(1).find(actor_), std::string::npos);
  EXPECT_EQ(Plain(1).find(subject), std::string::npos);
  EXPECT_TRUE(store_->Pseudonym({}).empty());
  const std::string before = store_->Pseudonym(actor_);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(store_->Pseudonym(actor_), before);
  // Another installation (another master key) gives the same id another pseudonym.
  const std::string saved = dir_;
  dir_ = MakeTempDir();
  auto other = OpenWith(crypto::RandomSecret(32));
  ASSERT_TRUE(other.ok());
  EXPECT_NE((*other)->Pseudonym(actor_), before);
  other->reset();
  std::filesystem::remove_all(dir_);
  dir_ = saved;
}

TEST_F(StoreAuditTest, TimeNeverRunsBackwardsAndBadEventsAreRefused) {
  ASSERT_TRUE(Append("first").ok());
  clock_.Advance(-kDay);
  ASSERT_TRUE(Append("second").ok());
  auto entries = store_->ReadAudit(1, 10);
  EXPECT_EQ(entries->at(1).time_ms, entries->at(0).time_ms);
  EXPECT_EQ(Append(std::string(kMaxAuditDetailBytes + 1, 'x')).status().code(),
            Code::kInvalidArgument);
  AuditEvent bad{AuditAction(0), {}, {}, "x"};
  EXPECT_EQ(Await<uint64_t>([&](auto done) { store_->AppendAudit(bad, done); }).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Append("x", std::string(256, 'i')).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(Verify().intact);
}

}  // namespace
}  // namespace weerbaar::storage
