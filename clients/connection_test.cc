#include "clients/connection.h"

#include <gtest/gtest.h>

#include "clients/scripted_server.h"

namespace weerbaar::client {
namespace {

using testing::AwaitClose;
using testing::Receive;
using testing::ScriptedServer;
using testing::Send;
using testing::SendChallenge;
using testing::Ws;
namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

constexpr Timeout kGenerous{10'000};  // only reached if the test is broken

v1::ServerMessage Pong(uint64_t request_id) {
  v1::ServerMessage m;
  m.set_request_id(request_id);
  m.mutable_pong();
  return m;
}

v1::ClientMessage Ping() {
  v1::ClientMessage m;
  m.mutable_ping();
  return m;
}

// Answers every request with a pong.
void PongServer(Ws& ws) {
  SendChallenge(ws);
  for (;;) Send(ws, Pong(Receive(ws).request_id()));
}

TEST(ConnectionTest, ConnectReadsTheChallenge) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  EXPECT_TRUE(c.is_open());
  EXPECT_EQ(c.challenge().server_id(), std::string(32, 'S'));
  EXPECT_EQ(c.challenge().protocol_version(), 1u);
  EXPECT_TRUE(c.Close(kGenerous).ok());
  EXPECT_FALSE(c.is_open());
}

TEST(ConnectionTest, CallReturnsItsReplyAndQueuesPushesSeenMeanwhile) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    uint64_t id = Receive(ws).request_id();
    v1::ServerMessage push;
    push.mutable_push_group_changed()->set_epoch(5);
    Send(ws, push);
    Send(ws, Pong(id + 100));  // a reply nobody waits for: dropped
    Send(ws, Pong(id));
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  auto reply = c.Call(Ping(), kGenerous);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_TRUE(reply->has_pong());
  EXPECT_NE(reply->request_id(), 0u);
  auto push = c.NextPush(Timeout(0));
  ASSERT_TRUE(push.ok()) << push.status().ToString();
  EXPECT_EQ(push->push_group_changed().epoch(), 5u);
  EXPECT_EQ(c.NextPush(Timeout(0)).status().code(), Code::kDeadlineExceeded);
}

TEST(ConnectionTest, EveryRequestGetsAFreshNonZeroId) {
  ScriptedServer server(PongServer);
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  auto first = c.Call(Ping(), kGenerous);
  auto second = c.Call(Ping(), kGenerous);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->request_id(), 0u);
  EXPECT_NE(first->request_id(), second->request_id());
}

TEST(ConnectionTest, APushArrivingLaterIsReturnedByNextPush) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    v1::ServerMessage push;
    push.mutable_push_inbox()->set_seq(9);
    Send(ws, push);
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  auto push = c.NextPush(kGenerous);
  ASSERT_TRUE(push.ok()) << push.status().ToString();
  EXPECT_EQ(push->push_inbox().seq(), 9u);
}

TEST(ConnectionTest, WaitingForAPushInVainKeepsTheConnectionUsable) {
  ScriptedServer server(PongServer);
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  EXPECT_EQ(c.NextPush(Timeout(0)).status().code(), Code::kDeadlineExceeded);
  EXPECT_TRUE(c.is_open());
  EXPECT_TRUE(c.Call(Ping(), kGenerous).ok());
}

TEST(ConnectionTest, AnErrorReplyBecomesAStatusAndTheConnectionLivesOn) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    v1::ServerMessage error;
    error.set_request_id(Receive(ws).request_id());
    error.mutable_error()->set_code(v1::STALE_EPOCH);
    error.mutable_error()->set_message("group epoch is 4");
    Send(ws, error);
    Send(ws, Pong(Receive(ws).request_id()));
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  auto reply = c.Call(Ping(), kGenerous);
  EXPECT_EQ(reply.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(reply.status().message(), "server: STALE_EPOCH: group epoch is 4");
  EXPECT_TRUE(c.Call(Ping(), kGenerous).ok());
}

TEST(ConnectionTest, ACloseFrameBecomesAClearStatus) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    Receive(ws);
    ws.close(websocket::close_reason(websocket::close_code::policy_error, "auth failed"));
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  auto reply = c.Call(Ping(), kGenerous);
  EXPECT_EQ(reply.status().code(), Code::kUnavailable);
  EXPECT_EQ(reply.status().message(),
            "server closed the connection: 1008 policy violation: auth failed");
  EXPECT_FALSE(c.is_open());
  // Later calls report the same reason instead of trying again.
  EXPECT_EQ(c.Call(Ping(), kGenerous).status().message(), reply.status().message());
}

TEST(ConnectionTest, AnUndecodableFrameIsDataLoss) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    Receive(ws);
    ws.write(asio::buffer(std::string("\xff\xff\xff\xff", 4)));
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  EXPECT_EQ(c.Call(Ping(), kGenerous).status().code(), Code::kDataLoss);
  EXPECT_FALSE(c.is_open());
}

TEST(ConnectionTest, AServerThatDoesNotStartWithAChallengeIsRefused) {
  ScriptedServer server([](Ws& ws) {
    Send(ws, Pong(0));
    AwaitClose(ws);
  });
  Connection c;
  EXPECT_EQ(c.Connect(server.url(), kGenerous).code(), Code::kDataLoss);
}

TEST(ConnectionTest, AnUnansweredRequestTimesOut) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    AwaitClose(ws);
  });
  Connection c;
  ASSERT_TRUE(c.Connect(server.url(), kGenerous).ok());
  EXPECT_EQ(c.Call(Ping(), Timeout(20)).status().code(), Code::kDeadlineExceeded);
}

TEST(ConnectionTest, ARefusedConnectionIsUnavailable) {
  std::string url;
  {
    asio::io_context ioc;
    tcp::acceptor closed(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    url = "ws://127.0.0.1:" + std::to_string(closed.local_endpoint().port()) + "/";
  }
  Connection c;
  Status st = c.Connect(url, kGenerous);
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_NE(st.message().find("cannot connect"), std::string::npos) << st.message();
  EXPECT_EQ(c.Call(Ping(), kGenerous).status().code(), Code::kFailedPrecondition);
}

TEST(ConnectionTest, ServerErrorsMapToStatusCodes) {
  struct Case {
    v1::ErrorCode wire;
    Code code;
  };
  for (Case c :
       {Case{v1::BAD_REQUEST, Code::kInvalidArgument},
        Case{v1::UNAUTHENTICATED, Code::kUnauthenticated},
        Case{v1::PERMISSION_DENIED, Code::kPermissionDenied},
        Case{v1::INVITE_INVALID, Code::kPermissionDenied}, Case{v1::NOT_FOUND, Code::kNotFound},
        Case{v1::ALREADY_EXISTS, Code::kAlreadyExists},
        Case{v1::STALE_EPOCH, Code::kFailedPrecondition},
        Case{v1::RATE_LIMITED, Code::kResourceExhausted},
        Case{v1::TOO_LARGE, Code::kResourceExhausted}, Case{v1::UNAVAILABLE, Code::kUnavailable},
        Case{v1::INTERNAL, Code::kInternal},
        Case{static_cast<v1::ErrorCode>(999), Code::kInternal}}) {
    v1::Error e;
    e.set_code(c.wire);
    e.set_message("line one\nline two");
    Status st = StatusFromServerError(e);
    EXPECT_EQ(st.code(), c.code) << c.wire;
    EXPECT_EQ(st.message().find('\n'), std::string::npos);
  }
}

TEST(ConnectionTest, CloseCodesAreDescribed) {
  EXPECT_EQ(DescribeCloseCode(1008), "1008 policy violation");
  EXPECT_EQ(DescribeCloseCode(1013), "1013 try again later");
  EXPECT_EQ(DescribeClose(1000, ""), "server closed the connection: 1000 normal closure");
}

}  // namespace
}  // namespace weerbaar::client
