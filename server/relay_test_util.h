// Test harness for the relay: a real Store in a temporary folder with a ManualClock, and
// fake connections that record every frame. Store callbacks are posted to a queue that the
// test thread runs, so all relay code runs on the test thread as it would on the io thread.
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "server/config.h"
#include "server/connection.h"
#include "server/metrics.h"
#include "server/relay.h"
#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

// Records frames and the close code instead of writing to a socket.
class FakeConnection final : public Connection {
 public:
  void Send(Frame frame) override { frames.push_back(std::move(frame)); }
  void Close(uint16_t code) override {
    if (!close_code) close_code = code;
  }

  v1::ServerMessage Decode(size_t index) const;
  // The reply with this request id, if one arrived.
  std::optional<v1::ServerMessage> ReplyTo(uint64_t request_id) const;
  // Indexes of the frames that carry a push of this kind.
  std::vector<size_t> Pushes(v1::ServerMessage::BodyCase body) const;

  std::vector<Frame> frames;
  std::optional<uint16_t> close_code;
};

// Relay::Post for tests: tasks from the store's committer thread wait here for the test
// thread.
class TaskQueue {
 public:
  void Post(Relay::Task task);
  // Runs queued tasks until `done()` holds. False if no task arrives for 10 seconds (a
  // guard against a hung test, not a timing assumption).
  bool RunUntil(const std::function<bool()>& done);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Relay::Task> tasks_;
};

// Relay::Background for tests, used on the test thread only. By default a task is queued in
// the TaskQueue, so it runs on the test thread like a store callback and Call() gets its
// answer. After Hold(capacity) tasks wait here (at most `capacity`, more are refused) until
// RunHeld(): a test can act while a slow read is in the background.
class BackgroundQueue {
 public:
  explicit BackgroundQueue(TaskQueue& tasks) : tasks_(tasks) {}
  bool Post(Relay::Task task);
  void Hold(size_t capacity);
  // Runs the held tasks in order and stops holding; returns how many ran.
  size_t RunHeld();

 private:
  TaskQueue& tasks_;
  std::optional<size_t> capacity_;
  std::deque<Relay::Task> held_;
};

// One device on one connection.
struct TestClient {
  explicit TestClient(crypto::DeviceIdentity id) : identity(std::move(id)) {}
  crypto::DeviceIdentity identity;
  FakeConnection conn;
  ConnId id = 0;
  std::string user_id;
  std::string challenge_nonce;
  bool is_admin = false;
};

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Builds the relay (again) from config_, e.g. after a test changed a limit.
  void MakeRelay();

  // An invite stored directly, bypassing the relay (the bootstrap admin invite).
  std::string MintInvite(storage::InviteKind kind);
  // Opens a connection for a device and reads its challenge; no authentication yet.
  std::unique_ptr<TestClient> Connect(crypto::DeviceIdentity identity);
  // A fresh device registered with `token`; expects success.
  std::unique_ptr<TestClient> Join(const std::string& token, const std::string& name = "Anna");
  // Another connection for the same device, authenticated; expects success.
  std::unique_ptr<TestClient> Reconnect(const TestClient& client);
  // The signed Register request for a connected client.
  v1::ClientMessage RegisterRequest(const TestClient& client, const std::string& token,
                                    const std::string& name = "Anna");
  v1::ClientMessage AuthenticateRequest(const TestClient& client);

  // Sends `req` with a fresh request id and returns the reply (an empty message, with a test
  // failure, if none came).
  v1::ServerMessage Call(TestClient& client, v1::ClientMessage req);
  // Sends `req` with a fresh request id and returns the id; runs no queued task.
  uint64_t Send(TestClient& client, v1::ClientMessage req);
  // Runs every task queued for the relay's thread so far (not store callbacks still to come).
  void RunQueued();
  // Call() and return the token of the InviteCreated reply.
  std::string Invite(TestClient& by, v1::InviteKind kind, v1::Role role = v1::ROLE_UNSPECIFIED,
                     const std::string& scope_id = "");

  ManualClock clock_;
  std::string dir_;
  Metrics metrics_;
  Config config_;
  TaskQueue tasks_;
  BackgroundQueue background_{tasks_};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Relay> relay_;
  uint64_t next_request_id_ = 1;
};

// A neighbourhood: an admin; a community with a leader, a group the leader created (so the
// leader is a member), a resident member, a resident who is not a member, a resident who was
// removed from the group and a partner; and a resident of another community (outsider).
class NeighbourhoodTest : public RelayTest {
 protected:
  void SetUp() override;

  std::unique_ptr<TestClient> admin, leader, member, nonmember, removed, partner, outsider;
  std::string community, other_community, group;
  uint64_t epoch = 0;  // the group's epoch after the removal
};

// Request builders.
v1::ClientMessage CreateCommunityReq(const std::string& name);
v1::ClientMessage CreateGroupReq(const std::string& community_id, const std::string& name);
v1::ClientMessage CreateInviteReq(v1::InviteKind kind, v1::Role role, const std::string& scope);
v1::ClientMessage RemoveMemberReq(const std::string& group_id, const std::string& user_id);
v1::ClientMessage GetGroupReq(const std::string& group_id);
v1::ClientMessage ListGroupsReq();
v1::ClientMessage ListCommunitiesReq();
v1::ClientMessage SetCommunityAreaReq(const std::string& community_id, const std::string& area);
v1::ClientMessage SendGroupReq(const std::string& group_id, uint64_t epoch,
                               const std::string& client_msg_id, const std::string& ciphertext);
v1::ClientMessage SyncGroupReq(const std::string& group_id, uint64_t after_seq, uint32_t limit);
v1::ClientMessage SetCursorReq(const std::string& group_id, uint64_t seq);
v1::ClientMessage SendDirectReq(const std::string& to_device, const std::string& client_msg_id);

// The encoded frame of `req` with `request_id` set.
std::string EncodeRequest(v1::ClientMessage req, uint64_t request_id = 1);

// A second copy of a device's keys (DeviceIdentity is move-only).
crypto::DeviceIdentity CopyIdentity(const crypto::DeviceIdentity& identity);

// A fresh 16-byte id.
std::string NewTestId();

}  // namespace weerbaar::server
