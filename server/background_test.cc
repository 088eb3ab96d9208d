#include "server/background.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace weerbaar::server {
namespace {

// A task that blocks the worker until the test releases it, and says when it began.
struct Blocker {
  std::promise<void> began;
  std::promise<void> release;
  BackgroundWorker::Task Task() {
    // The future is taken before `began` is set: once the test sees `began` and releases,
    // the task touches nothing of the Blocker again (it may be gone by then).
    return [this] {
      std::future<void> released = release.get_future();
      began.set_value();
      released.wait();
    };
  }
};

TEST(BackgroundWorkerTest, RunsTasksInOrderOnAThreadOfItsOwn) {
  BackgroundWorker worker(4);
  worker.Start();
  std::vector<int> order;
  std::thread::id ran_on;
  std::promise<void> done;
  ASSERT_TRUE(worker.Post([&] { order.push_back(1); }));
  ASSERT_TRUE(worker.Post([&] { order.push_back(2); }));
  ASSERT_TRUE(worker.Post([&] {
    ran_on = std::this_thread::get_id();
    done.set_value();
  }));
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(BackgroundWorkerTest, RefusesATaskWhileItsQueueIsFull) {
  Blocker blocker;  // declared first: destroyed after the worker has joined
  BackgroundWorker worker(2);
  worker.Start();
  ASSERT_TRUE(worker.Post(blocker.Task()));
  blocker.began.get_future().wait();  // the worker is busy; the queue is empty
  EXPECT_TRUE(worker.Post([] {}));
  EXPECT_TRUE(worker.Post([] {}));
  EXPECT_FALSE(worker.Post([] {}));
  blocker.release.set_value();
}

TEST(BackgroundWorkerTest, StopWaitsForTheRunningTask) {
  Blocker blocker;  // declared first: destroyed after the worker has joined
  BackgroundWorker worker(4);
  worker.Start();
  bool finished = false;
  ASSERT_TRUE(worker.Post([&] {
    blocker.Task()();
    finished = true;
  }));
  blocker.began.get_future().wait();
  std::thread releaser([&] { blocker.release.set_value(); });
  worker.Stop();
  releaser.join();
  EXPECT_TRUE(finished);
}

TEST(BackgroundWorkerTest, StopDropsTheQueuedTasksAndRefusesLaterOnes) {
  BackgroundWorker worker(4);
  auto capture = std::make_shared<int>(0);
  ASSERT_TRUE(worker.Post([capture] { ++*capture; }));
  EXPECT_EQ(capture.use_count(), 2);
  worker.Stop();
  EXPECT_EQ(capture.use_count(), 1);  // the queued task is gone, unrun
  EXPECT_FALSE(worker.Post([] {}));
  worker.Start();  // a stopped worker stays stopped
  EXPECT_EQ(*capture, 0);
}

TEST(BackgroundWorkerTest, TasksPostedBeforeStartWaitForIt) {
  BackgroundWorker worker(1);
  std::promise<void> done;
  ASSERT_TRUE(worker.Post([&] { done.set_value(); }));
  worker.Start();
  done.get_future().wait();
}

}  // namespace
}  // namespace weerbaar::server
