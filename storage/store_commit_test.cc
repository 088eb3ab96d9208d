// Group commit: batching, concurrency, a failing operation inside a batch, the bounded
// queue and draining on close. A "gate" write whose callback holds the committer thread
// makes the make-up of a batch deterministic (no sleeping, no timing).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

// Holds the committer thread inside a callback from Close() until Open().
class Gate {
 public:
  ~Gate() { Open(); }
  void Close(Store& store) {
    store.SetCursor(RandomId(), RandomId(), 1, [this](Result<Done>) {
      entered_.set_value();
      released_.wait();
    });
    entered_.get_future().wait();
  }
  void Open() {
    if (!opened_.exchange(true)) release_.set_value();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<bool> opened_{false};
};

// A callback and the future of the result it receives.
template <typename T>
std::pair<Callback<T>, std::future<Result<T>>> Pending() {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  std::future<Result<T>> future = promise->get_future();
  return {[promise](Result<T> r) { promise->set_value(std::move(r)); }, std::move(future)};
}

class StoreCommitTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
  }
  void ReopenWith(size_t max_batch, size_t max_queue) {
    store_.reset();
    Options options = MakeOptions(master_key_);
    options.max_commit_batch = max_batch;
    options.max_queued_writes = max_queue;
    auto opened = Store::Open(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  NewGroupMessage Message(const std::string& ciphertext) {
    return {w_.group, 1, w_.leader.device_id, w_.leader.user_id, RandomId(), ciphertext};
  }
  NewInboxMessage ToLeader(const std::string& payload) {
    return {w_.leader.device_id, RandomId(), RandomId(), RandomId(), payload};
  }

  World w_;
};

TEST_F(StoreCommitTest, ConcurrentAppendsGetGaplessUniqueSeqsInFewerCommits) {
  constexpr int kThreads = 8, kPerThread = 200;
  const Store::Stats before = store_->stats();
  std::mutex mu;
  std::vector<uint64_t> seqs;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        auto sent = Send(w_.group, w_.leader, 1, RandomId());
        if (!sent.ok()) {
          failures.fetch_add(1);
          continue;
        }
        std::lock_guard lock(mu);
        seqs.push_back(sent->seq);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::sort(seqs.begin(), seqs.end());
  ASSERT_EQ(seqs.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i + 1);
  EXPECT_EQ(store_->ReadGroup(w_.group, 0, 10'000)->size(), seqs.size());
  const Store::Stats after = store_->stats();
  EXPECT_EQ(after.operations - before.operations, seqs.size());
  EXPECT_LT(after.commits - before.commits, after.operations - before.operations);
}

TEST_F(StoreCommitTest, AFailedOperationLeavesNoTraceAndTheRestOfItsBatchCommits) {
  Gate gate;
  gate.Close(*store_);
  const Store::Stats before = store_->stats();
  auto [a_done, a] = Pending<AppendResult>();
  auto [b_done, b] = Pending<std::vector<InboxEntry>>();
  auto [c_done, c] = Pending<std::vector<InboxEntry>>();
  auto [d_done, d] = Pending<AppendResult>();
  store_->AppendGroupMessage(Message("a"), a_done);
  NewInboxMessage unknown = ToLeader("b2");
  unknown.to_device = RandomId();
  // b adds its first entry to the batch, then fails on the unknown device.
  store_->AppendInbox({ToLeader("b1"), unknown}, b_done);
  store_->AppendInbox({ToLeader("c")}, c_done);
  store_->AppendGroupMessage(Message("d"), d_done);
  gate.Open();
  EXPECT_EQ(a.get()->seq, 1u);
  EXPECT_EQ(b.get().status().code(), Code::kNotFound);
  auto c_entries = c.get();
  ASSERT_TRUE(c_entries.ok());
  EXPECT_EQ((*c_entries)[0].seq, 1u);
  EXPECT_EQ(d.get()->seq, 2u);
  const Store::Stats after = store_->stats();
  EXPECT_EQ(after.commits - before.commits, 1u);
  EXPECT_EQ(after.operations - before.operations, 4u);
  auto inbox = store_->ReadInbox(w_.leader.device_id, 0, 10);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ((*inbox)[0].payload, "c");
}

TEST_F(StoreCommitTest, ABatchCarriesAtMostMaxCommitBatchOperations) {
  ASSERT_NO_FATAL_FAILURE(ReopenWith(2, 100));
  Gate gate;
  gate.Close(*store_);
  const Store::Stats before = store_->stats();
  std::vector<std::future<Result<Done>>> results;
  for (int i = 0; i < 4; ++i) {
    auto [done, result] = Pending<Done>();
    store_->SetCursor(RandomId(), w_.group, 1, done);
    results.push_back(std::move(result));
  }
  gate.Open();
  for (auto& result : results) EXPECT_TRUE(result.get().ok());
  EXPECT_EQ(store_->stats().commits - before.commits, 2u);
}

TEST_F(StoreCommitTest, AFullQueueRefusesAtOnceWithResourceExhausted) {
  ASSERT_NO_FATAL_FAILURE(ReopenWith(512, 2));
  Gate gate;
  gate.Close(*store_);
  auto [first_done, first] = Pending<Done>();
  auto [second_done, second] = Pending<Done>();
  store_->SetCursor(RandomId(), w_.group, 1, first_done);
  store_->SetCursor(RandomId(), w_.group, 1, second_done);
  bool called = false;
  Code code = Code::kOk;
  store_->SetCursor(RandomId(), w_.group, 1, [&](Result<Done> r) {
    called = true;
    code = r.status().code();
  });
  EXPECT_TRUE(called);  // while the committer is held: on the calling thread
  EXPECT_EQ(code, Code::kResourceExhausted);
  gate.Open();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(second.get().ok());
}

TEST_F(StoreCommitTest, ClosingTheStoreFinishesEveryQueuedWrite) {
  constexpr int kWrites = 50;
  const Id device = RandomId();
  std::atomic<int> ok{0};
  for (int seq = 1; seq <= kWrites; ++seq) {
    store_->SetCursor(device, w_.group, seq, [&](Result<Done> r) { ok.fetch_add(r.ok()); });
  }
  store_.reset();
  EXPECT_EQ(ok.load(), kWrites);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(*store_->GetCursor(device, w_.group), uint64_t{kWrites});
}

}  // namespace
}  // namespace weerbaar::storage
