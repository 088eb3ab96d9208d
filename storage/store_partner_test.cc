// Partner channels and shares: channel invites, shares with their consent ledger,
// updates, expiry with the consent, and withdrawal with crypto-shredding, proven on disk.
#include <gtest/gtest.h>

#include "storage/disk_scan_test_util.h"
#include "storage/store_test_env.h"
#include "storage/store_test_peer.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kDetailsCanary = "CANARY-sealed-details-7d21";
constexpr std::string_view kCardCanary = "CANARY-card-pseudonym-c3a9";
constexpr int64_t kHour = 3'600'000;

class StorePartnerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
    channel_.channel_id = RandomId();
    channel_.community_id = w_.community;
    channel_.name = "Gemeente";
    channel_.accepted_categories = {"zwerfafval"};
    ASSERT_TRUE(Await<Done>([&](auto done) { store_->CreateChannel(channel_, done); }).ok());
    InviteRecord invite = Invite(InviteKind::kChannel);
    invite.channel_id = channel_.channel_id;
    auto partner = Join(invite, "Partner");
    auto reporter = NewGroupMember(w_, "Reporter");
    ASSERT_TRUE(partner.ok() && reporter.ok()) << partner.status().ToString();
    partner_ = *partner;
    reporter_ = *reporter;
  }

  ShareRecord NewShare(const std::string& details = "sealed details") {
    ShareRecord s;
    s.share_id = RandomId();
    s.channel_id = channel_.channel_id;
    s.report_id = RandomId();
    s.reporter_user = reporter_.user_id;
    s.category = "zwerfafval";
    s.geohash = "u173zq";
    s.community_id = w_.community;
    s.pseudonym = std::string(kCardCanary);
    s.purpose = "handling";
    s.consent_expires_at_ms = clock_.NowMillis() + 48 * kHour;
    s.sealed_details = details;
    return s;
  }
  Result<ShareRecord> Add(const ShareRecord& share) {
    ConsentLedgerRecord consent;
    consent.consent = "consent bytes";
    consent.signature = "signature";
    consent.device_id = reporter_.device_id;
    return Await<ShareRecord>([&](auto done) { store_->AddShare(share, consent, done); });
  }
  Result<WithdrawOutcome> Withdraw(const ShareRecord& share) {
    return Await<WithdrawOutcome>([&](auto done) {
      store_->WithdrawShare(share.report_id, share.channel_id, "withdrawal", "sig",
                            reporter_.user_id, done);
    });
  }
  Result<ShareRecord> Update(const Id& share_id, Store::ShareMutation mutate) {
    return Await<ShareRecord>(
        [&](auto done) { store_->UpdateShare(share_id, std::move(mutate), done); });
  }

  World w_;
  ChannelRecord channel_;
  RegisterOutcome partner_, reporter_;
};

TEST_F(StorePartnerTest, AChannelInviteMakesAPartnerOfTheChannelAndItsCommunity) {
  EXPECT_EQ(partner_.role, Role::kPartner);
  EXPECT_EQ(partner_.channel_id, channel_.channel_id);
  EXPECT_EQ(*store_->CommunityRole(w_.community, partner_.user_id), Role::kPartner);
  EXPECT_TRUE(*store_->IsChannelMember(channel_.channel_id, partner_.user_id));
  EXPECT_FALSE(*store_->IsChannelMember(channel_.channel_id, reporter_.user_id));
  EXPECT_EQ(*store_->ChannelMembers(channel_.channel_id), std::vector<Id>{partner_.user_id});
  auto channels = store_->ChannelsOfCommunity(w_.community);
  ASSERT_TRUE(channels.ok() && channels->size() == 1u);
  EXPECT_EQ(channels->at(0).name, "Gemeente");
}

TEST_F(StorePartnerTest, TheChannelKeyIsSetOnce) {
  auto set = [&](std::string key) {
    return Await<Done>([&](auto done) { store_->SetChannelKey(channel_.channel_id, key, done); });
  };
  ASSERT_TRUE(set(std::string(32, 'k')).ok());
  EXPECT_EQ(set(std::string(32, 'x')).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(store_->GetChannel(channel_.channel_id)->public_key, std::string(32, 'k'));
  EXPECT_EQ(
      Await<Done>([&](auto done) { store_->SetChannelKey(RandomId(), std::string(32, 'k'), done); })
          .status()
          .code(),
      Code::kNotFound);
}

TEST_F(StorePartnerTest, AShareIsStoredWithItsLedgerEntryAndAuditedOnce) {
  auto stored = Add(NewShare());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->seq, 1u);
  EXPECT_EQ(store_->GetShare(stored->share_id)->sealed_details, "sealed details");
  auto listed = store_->ReadChannelShares(channel_.channel_id, 0, 10);
  ASSERT_TRUE(listed.ok() && listed->size() == 1u);
  EXPECT_EQ(listed->at(0).pseudonym, kCardCanary);
  EXPECT_EQ(store_->SharesOfUser(reporter_.user_id)->size(), 1u);
  auto ledger = store_->GetConsent(stored->report_id, channel_.channel_id);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->user_id, reporter_.user_id);
  EXPECT_EQ(ledger->share_id, stored->share_id);
  EXPECT_EQ(Add(*stored).status().code(), Code::kAlreadyExists);  // same report and channel
  EXPECT_EQ(Add(NewShare()).value().seq, 2u);
  auto audit = store_->ReadAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  int shares = 0;
  for (const AuditEntry& e : *audit) shares += e.action == AuditAction::kShare;
  EXPECT_EQ(shares, 2);
}

TEST_F(StorePartnerTest, AnUpdateKeepsTheShareAndWritesNothingWhenTheMutationRefuses) {
  auto stored = Add(NewShare());
  ASSERT_TRUE(stored.ok());
  auto updated = Update(stored->share_id, [](ShareRecord& s) {
    s.status = 1;
    s.thread.push_back({true, "question", 5});
    s.thread.push_back({true, "update", 6, true});
    return Status::Ok();
  });
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  const auto thread = store_->GetShare(stored->share_id)->thread;
  ASSERT_EQ(thread.size(), 2u);
  EXPECT_FALSE(thread[0].is_update);
  EXPECT_TRUE(thread[1].is_update);
  auto refused =
      Update(stored->share_id, [](ShareRecord&) { return FailedPrecondition("no such move"); });
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(store_->GetShare(stored->share_id)->status, 1u);
  EXPECT_EQ(Update(RandomId(), [](ShareRecord&) { return Status::Ok(); }).status().code(),
            Code::kNotFound);
}

TEST_F(StorePartnerTest, AShareIsGoneFromTheMomentItsConsentExpires) {
  auto stored = Add(NewShare());
  ASSERT_TRUE(stored.ok());
  clock_.Advance(48 * kHour - 1);
  EXPECT_TRUE(store_->GetShare(stored->share_id).ok());
  clock_.Advance(1);
  EXPECT_EQ(store_->GetShare(stored->share_id).status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->ReadChannelShares(channel_.channel_id, 0, 10)->empty());
  EXPECT_TRUE(store_->SharesOfUser(reporter_.user_id)->empty());
}

TEST_F(StorePartnerTest, AWithdrawalDeletesTheShareDestroysItsKeyAndIsRecorded) {
  auto stored = Add(NewShare());
  auto other = Add(NewShare());
  ASSERT_TRUE(stored.ok() && other.ok());
  ASSERT_FALSE(StoreTestPeer::KeyRowsOf(*store_, ShareSubject(stored->share_id)).empty());
  auto out = Withdraw(*stored);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->share_deleted);
  EXPECT_EQ(out->share_id, stored->share_id);
  EXPECT_EQ(out->channel_id, channel_.channel_id);
  EXPECT_EQ(store_->GetShare(stored->share_id).status().code(), Code::kNotFound);
  auto listed = store_->ReadChannelShares(channel_.channel_id, 0, 10);
  ASSERT_TRUE(listed.ok() && listed->size() == 1u);
  EXPECT_EQ(listed->at(0).share_id, other->share_id);
  EXPECT_TRUE(StoreTestPeer::KeyRowsOf(*store_, ShareSubject(stored->share_id)).empty());
  EXPECT_FALSE(StoreTestPeer::KeyRowsOf(*store_, ShareSubject(other->share_id)).empty());
  auto ledger = store_->GetConsent(stored->report_id, channel_.channel_id);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->withdrawal, "withdrawal");
  EXPECT_EQ(ledger->withdrawn_ms, clock_.NowMillis());
  auto audit = store_->ReadAudit(out->audit_index, 1);
  ASSERT_TRUE(audit.ok() && audit->size() == 1u);
  EXPECT_EQ(audit->at(0).action, AuditAction::kWithdrawal);
  EXPECT_EQ(Withdraw(*stored).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(Add(*stored).status().code(), Code::kAlreadyExists);  // no re-share after it
  EXPECT_TRUE(store_->VerifyAudit()->intact);
}

TEST_F(StorePartnerTest, AfterAWithdrawalNoFileHoldsTheCardOrTheSealedDetails) {
  auto stored = Add(NewShare(std::string(kDetailsCanary)));
  auto other = Add(NewShare("CANARY-kept-details-51aa"));
  ASSERT_TRUE(stored.ok() && other.ok());
  const std::string sealed = *StoreTestPeer::RawGet(
      *store_, "shares", StoreTestPeer::SeqKey(channel_.channel_id, stored->seq));
  ASSERT_TRUE(store_->Flush().ok());
  auto before = DiskScan::Of(DbDir());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_FALSE(before->FilesHolding(sealed).empty());  // control: the scan sees it

  ASSERT_TRUE(Withdraw(*stored).ok());
  ASSERT_TRUE(store_->Sweep().ok());  // after a withdrawal: flushes and compacts everything

  for (const std::string& dir : {DbDir(), KeyringDir()}) {
    auto scan = DiskScan::Of(dir);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    EXPECT_GT(scan->sst_files(), 0u) << dir;
    EXPECT_TRUE(scan->FilesHolding(sealed).empty()) << dir;
    EXPECT_TRUE(scan->FilesHolding(kDetailsCanary).empty()) << dir;
  }
  // The other share is still on disk and readable: the scan would have found it.
  const std::string kept = *StoreTestPeer::RawGet(
      *store_, "shares", StoreTestPeer::SeqKey(channel_.channel_id, other->seq));
  EXPECT_FALSE(DiskScan::Of(DbDir())->FilesHolding(kept).empty());
  EXPECT_EQ(store_->GetShare(other->share_id)->sealed_details, "CANARY-kept-details-51aa");
}

TEST_F(StorePartnerTest, ErasingTheReporterDeletesHerSharesAndDestroysTheirKeys) {
  auto stored = Add(NewShare());
  ASSERT_TRUE(stored.ok());
  auto receipt = Erase(reporter_.user_id);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->shares, 1u);
  EXPECT_EQ(store_->GetShare(stored->share_id).status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->ReadChannelShares(channel_.channel_id, 0, 10)->empty());
  EXPECT_TRUE(StoreTestPeer::KeyRowsOf(*store_, ShareSubject(stored->share_id)).empty());
  EXPECT_EQ(store_->GetConsent(stored->report_id, channel_.channel_id).status().code(),
            Code::kNotFound);  // the ledger entry was under her key
}

TEST_F(StorePartnerTest, ATrendSecretIsStablePerPeriodAndGoneAfterItsExpiry) {
  const int64_t expiry = clock_.NowMillis() + kHour;
  auto secret = [&](uint32_t period) {
    return Await<std::string>(
        [&](auto done) { store_->TrendSecret(channel_.channel_id, period, expiry, done); });
  };
  auto first = secret(7);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->size(), 32u);
  EXPECT_EQ(*secret(7), *first);
  EXPECT_NE(*secret(8), *first);
  clock_.Advance(kHour);
  EXPECT_EQ(secret(7).status().code(), Code::kInvalidArgument);  // the period is over
}

TEST_F(StorePartnerTest, TaxonomyOverridesPersistAcrossAReopenWithAnAuditEntry) {
  ASSERT_FALSE(store_->TaxonomyOverrides().value().has_value());
  const std::string json = R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],"remove":[]})";
  const Id admin = RandomId();
  ASSERT_TRUE(
      Await<Done>([&](auto done) { store_->SetTaxonomyOverrides(json, admin, done); }).ok());
  EXPECT_EQ(Await<Done>([&](auto done) { store_->SetTaxonomyOverrides("", admin, done); })
                .status()
                .code(),
            Code::kInvalidArgument);
  Reopen();
  EXPECT_EQ(store_->TaxonomyOverrides().value(), json);
  auto audit = store_->ReadAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().action, AuditAction::kAdminAction);
  EXPECT_TRUE(store_->VerifyAudit()->intact);
}

}  // namespace
}  // namespace weerbaar::storage
