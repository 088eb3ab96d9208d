// Group messages (sequence, idempotency, epoch, membership, paging) and device inboxes.
#include <gtest/gtest.h>

#include <limits>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

class StoreMessagesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
  }

  Result<std::vector<InboxEntry>> Deliver(std::vector<NewInboxMessage> msgs) {
    return Await<std::vector<InboxEntry>>([&](auto done) { store_->AppendInbox(msgs, done); });
  }
  NewInboxMessage ToLeader(const Id& client_msg_id, const std::string& payload) {
    return {w_.leader.device_id, from_device_, RandomId(), client_msg_id, payload};
  }

  World w_;
  const Id from_device_ = RandomId();
};

TEST_F(StoreMessagesTest, NumbersMessagesOneTwoThree) {
  for (uint64_t want = 1; want <= 3; ++want) {
    auto sent = Send(w_.group, w_.leader, 1, RandomId());
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    EXPECT_EQ(sent->seq, want);
    EXPECT_FALSE(sent->duplicate);
    EXPECT_EQ(sent->message.seq, want);
    EXPECT_EQ(sent->message.ciphertext, "sealed");
  }
  EXPECT_EQ(store_->GetGroup(w_.group)->last_seq, 3u);
}

TEST_F(StoreMessagesTest, ARetriedClientMessageIdGetsTheOriginalSeqAndIsStoredOnce) {
  const Id first = RandomId();
  ASSERT_EQ(Send(w_.group, w_.leader, 1, first)->seq, 1u);
  ASSERT_EQ(Send(w_.group, w_.leader, 1, RandomId())->seq, 2u);
  auto retry = Send(w_.group, w_.leader, 1, first, "changed");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->seq, 1u);
  EXPECT_TRUE(retry->duplicate);
  EXPECT_TRUE(retry->message.ciphertext.empty());
  auto stored = store_->ReadGroup(w_.group, 0, 10);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].ciphertext, "sealed");
  EXPECT_EQ(store_->GetGroup(w_.group)->last_seq, 2u);
}

TEST_F(StoreMessagesTest, AMessageStampedWithAnOldEpochIsRefused) {
  InviteRecord invite = Invite(InviteKind::kGroup);
  invite.group_id = w_.group;
  ASSERT_TRUE(Join(invite).ok());  // epoch 2
  EXPECT_EQ(Send(w_.group, w_.leader, 1, RandomId()).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(Send(w_.group, w_.leader, 3, RandomId()).status().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(store_->ReadGroup(w_.group, 0, 10)->empty());
  EXPECT_EQ(Send(w_.group, w_.leader, 2, RandomId())->seq, 1u);
}

TEST_F(StoreMessagesTest, ANonMemberIsRefusedAndAnUnknownGroupIsNotFound) {
  auto outsider = NewResident(w_.community);
  ASSERT_TRUE(outsider.ok());
  EXPECT_EQ(Send(w_.group, *outsider, 1, RandomId()).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Send(RandomId(), w_.leader, 1, RandomId()).status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->ReadGroup(w_.group, 0, 10)->empty());
}

TEST_F(StoreMessagesTest, ReadGroupPagesBySeq) {
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(1000);
    ASSERT_TRUE(Send(w_.group, w_.leader, 1, RandomId(), "ct" + std::to_string(i + 1)).ok());
  }
  auto seqs = [&](uint64_t after, size_t limit) {
    std::vector<uint64_t> out;
    auto page = store_->ReadGroup(w_.group, after, limit);
    EXPECT_TRUE(page.ok());
    if (page.ok()) {
      for (const StoredMessage& m : *page) out.push_back(m.seq);
    }
    return out;
  };
  EXPECT_EQ(seqs(0, 2), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(seqs(2, 2), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(seqs(4, 10), (std::vector<uint64_t>{5}));
  EXPECT_TRUE(seqs(5, 10).empty());
  EXPECT_TRUE(seqs(0, 0).empty());
  EXPECT_TRUE(seqs(std::numeric_limits<uint64_t>::max(), 10).empty());
  const StoredMessage third = (*store_->ReadGroup(w_.group, 2, 1))[0];
  EXPECT_EQ(third.ciphertext, "ct3");
  EXPECT_EQ(third.group_id, w_.group);
  EXPECT_EQ(third.sender_device, w_.leader.device_id);
  EXPECT_EQ(third.sender_user, w_.leader.user_id);
  EXPECT_EQ(third.epoch, 1u);
  EXPECT_EQ(third.server_time_ms, clock_.NowMillis() - 2000);
}

TEST_F(StoreMessagesTest, AnInboxAppendsReadsAndDeletesWhatIsAcked) {
  auto entries = Deliver({ToLeader(RandomId(), "p1"), ToLeader(RandomId(), "p2")});
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].seq, 1u);
  EXPECT_EQ((*entries)[1].seq, 2u);
  ASSERT_EQ((*Deliver({ToLeader(RandomId(), "p3")}))[0].seq, 3u);
  auto read = store_->ReadInbox(w_.leader.device_id, 0, 10);
  ASSERT_EQ(read->size(), 3u);
  EXPECT_EQ((*read)[1].payload, "p2");
  EXPECT_EQ((*read)[1].from_device, from_device_);
  EXPECT_EQ(store_->ReadInbox(w_.leader.device_id, 1, 1)->at(0).seq, 2u);
  ASSERT_TRUE(Await<Done>([&](auto done) { store_->AckInbox(w_.leader.device_id, 2, done); }).ok());
  read = store_->ReadInbox(w_.leader.device_id, 0, 10);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].payload, "p3");
  EXPECT_EQ((*Deliver({ToLeader(RandomId(), "p4")}))[0].seq, 4u);
}

TEST_F(StoreMessagesTest, AnInboxBatchWithAnUnknownDeviceWritesNothing) {
  NewInboxMessage unknown = ToLeader(RandomId(), "lost");
  unknown.to_device = RandomId();
  EXPECT_EQ(Deliver({ToLeader(RandomId(), "p1"), unknown}).status().code(), Code::kNotFound);
  EXPECT_TRUE(store_->ReadInbox(w_.leader.device_id, 0, 10)->empty());
  EXPECT_EQ((*Deliver({ToLeader(RandomId(), "p1")}))[0].seq, 1u);
}

TEST_F(StoreMessagesTest, ARetriedInboxMessageGetsTheOriginalSeqAndIsStoredOnce) {
  const Id id = RandomId();
  ASSERT_EQ((*Deliver({ToLeader(id, "p1")}))[0].seq, 1u);
  auto retry = Deliver({ToLeader(RandomId(), "p2"), ToLeader(id, "p1")});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ((*retry)[0].seq, 2u);
  EXPECT_FALSE((*retry)[0].duplicate);
  EXPECT_EQ((*retry)[1].seq, 1u);
  EXPECT_TRUE((*retry)[1].duplicate);
  EXPECT_EQ(store_->ReadInbox(w_.leader.device_id, 0, 10)->size(), 2u);
}

TEST_F(StoreMessagesTest, SequencesContinueAfterAReopen) {
  ASSERT_TRUE(Send(w_.group, w_.leader, 1, RandomId()).ok());
  ASSERT_TRUE(Send(w_.group, w_.leader, 1, RandomId()).ok());
  ASSERT_TRUE(Deliver({ToLeader(RandomId(), "p1")}).ok());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(store_->ReadGroup(w_.group, 0, 10)->size(), 2u);
  EXPECT_EQ(Send(w_.group, w_.leader, 1, RandomId())->seq, 3u);
  EXPECT_EQ((*Deliver({ToLeader(RandomId(), "p2")}))[0].seq, 2u);
}

}  // namespace
}  // namespace weerbaar::storage
