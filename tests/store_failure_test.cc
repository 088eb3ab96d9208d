// Fail-stop after a failed store write (docs/operations.md, "Shutdown"): the real server
// (in process, so its store can sit on a fault-injecting file system) answers the failed
// write UNAVAILABLE, stops with kUnavailable, and a restart on the same folder serves
// everything acknowledged before and takes writes again. Driven by the real CLI.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "common/clock.h"
#include "server/config.h"
#include "server/datadir.h"
#include "server/init.h"
#include "server/server.h"
#include "storage/fault_fs.h"
#include "storage/store.h"
#include "tests/harness.h"

namespace weerbaar::testing {
namespace {

class StoreFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = tmp_.Sub("data");
    config_.listen = {"127.0.0.1", 0};
    Result<std::string> invite =
        server::InitDataDir(config_.data_dir, config_, *SystemClock::Default());
    ASSERT_TRUE(invite.ok()) << invite.status().ToString();
    admin_invite_ = *invite;
    std::filesystem::create_directory(tmp_.Sub("scratch"));
    fs_ = storage::FaultFs::Create(tmp_.Sub("scratch"));
  }

  // Starts the server on a store opened through fs_; Run() goes on on its own thread.
  void Start() {
    server::DataPaths paths(config_.data_dir);
    storage::Options options;
    options.path = paths.db;
    Result<crypto::SecretBytes> key = server::ReadMasterKeyFile(paths.master_key);
    ASSERT_TRUE(key.ok());
    options.master_key = std::move(*key);
    options.clock = SystemClock::Default();
    options.fault_fs = fs_;
    Result<std::unique_ptr<storage::Store>> store = storage::Store::Open(std::move(options));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto created = server::Server::Create(config_, std::move(*store));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    server_ = std::move(*created);
    // The restart listens where the first start did: the CLI profile keeps the address.
    config_.listen.port = server_->address().port;
    url_ = "ws://127.0.0.1:" + std::to_string(config_.listen.port);
    std::promise<void> done;
    done_ = done.get_future();
    runner_ = std::thread([this, done = std::move(done)]() mutable {
      run_status_ = server_->Run();
      done.set_value();
    });
  }

  // Waits (bounded) for Run() to return and closes the server. A server that did not stop
  // by itself is a failure; it is then shut down so that the test ends.
  Status Stopped() {
    if (done_.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << "the server did not stop by itself";
      server_->Shutdown();
    }
    runner_.join();
    server_.reset();
    return run_status_;
  }

  ProcessResult Run(const Cli& cli, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    return cli.Run(args, 30'000);
  }

  TempDir tmp_;
  server::Config config_;
  std::string admin_invite_;
  std::shared_ptr<storage::FaultFs> fs_;
  std::unique_ptr<server::Server> server_;
  std::string url_;
  std::thread runner_;
  std::future<void> done_;
  Status run_status_;
};

TEST_F(StoreFailureTest, AFailedWriteIsAnsweredUnavailableAndTheServerStopsToRecover) {
  ASSERT_NO_FATAL_FAILURE(Start());
  Cli admin(tmp_.Sub("admin"));
  ProcessResult joined = Run(admin, {"join", "--server", url_, "--invite", admin_invite_});
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  ProcessResult first = Run(admin, {"community", "create", "Oosterpark"});
  ASSERT_EQ(first.exit_code, 0) << first.err;  // acknowledged before the fault

  fs_->FailNth(storage::FaultFs::Op::kSync, 1);  // the next WAL sync fails
  ProcessResult failed = Run(admin, {"community", "create", "Transvaal"});
  EXPECT_TRUE(fs_->fault_fired());
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_NE((failed.out + failed.err).find("unavailable"), std::string::npos)
      << failed.out << failed.err;

  const Status stopped = Stopped();  // no Shutdown(): the failure stopped it
  EXPECT_EQ(stopped.code(), Code::kUnavailable) << stopped.ToString();

  // The restart (the supervisor's job) reopens the database: what was acknowledged is
  // there, and writes work again.
  fs_->ClearFaults();
  ASSERT_NO_FATAL_FAILURE(Start());
  ProcessResult after = Run(admin, {"community", "create", "Dapperbuurt"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  ProcessResult list = Run(admin, {"community", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Oosterpark"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Dapperbuurt"), std::string::npos) << list.out;
  // The failed write is in doubt (its WAL record may have reached the disk), never doubled.
  const size_t doubt = list.out.find("Transvaal");
  if (doubt != std::string::npos) {
    EXPECT_EQ(list.out.find("Transvaal", doubt + 1), std::string::npos) << list.out;
  }
  server_->Shutdown();
  EXPECT_TRUE(Stopped().ok());
}

}  // namespace
}  // namespace weerbaar::testing
