// Store::SetWriteFailureHandler: a group commit that fails reaches the handler once, after
// the failed writes were answered, and never for a write that succeeded.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "storage/fault_workload.h"

namespace weerbaar::storage {
namespace {

// What the handler and the write callbacks saw, in the order they ran.
struct Trace {
  std::mutex mu;
  std::vector<std::string> events;
  void Add(std::string event) {
    std::lock_guard lock(mu);
    events.push_back(std::move(event));
  }
};

Status CreateCommunity(Store& store, const std::string& id, Trace& trace) {
  Result<Done> done = Await<Done>([&](Callback<Done> cb) {
    store.CreateCommunity({id, "Buurt " + id, 0, ""}, [&trace, cb = std::move(cb)](Result<Done> r) {
      trace.Add(r.ok() ? "answer ok" : "answer " + r.status().ToString());
      cb(std::move(r));
    });
  });
  return done.status();
}

TEST(WriteFailureTest, AFailedCommitReachesTheHandlerOnceAfterItsWritesWereAnswered) {
  FaultScenario scenario;
  Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Trace trace;
  std::atomic<int> calls{0};
  (*store)->SetWriteFailureHandler([&](const Status& failure) {
    ++calls;
    trace.Add(failure.ok() ? "handler with OK" : "handler");
  });

  ASSERT_TRUE(CreateCommunity(**store, "c1", trace).ok());  // control: no fault, no call
  EXPECT_EQ(calls.load(), 0);

  scenario.fs->FailNth(FaultFs::Op::kSync, 1);  // the next WAL sync
  const Status failed = CreateCommunity(**store, "c2", trace);
  EXPECT_TRUE(scenario.fs->fault_fired());
  EXPECT_EQ(failed.code(), Code::kUnavailable) << failed.ToString();
  store->reset();  // joins the committer thread: the handler, if any, has run

  ASSERT_EQ(calls.load(), 1);
  ASSERT_EQ(trace.events.size(), 3u);
  EXPECT_EQ(trace.events[0], "answer ok");
  EXPECT_NE(trace.events[1].find("answer"), std::string::npos) << trace.events[1];
  EXPECT_EQ(trace.events[2], "handler");
}

}  // namespace
}  // namespace weerbaar::storage
