// The load generator's pure helpers: payload stamps, push parsing, metric parsing, the
// loopback-only rule and the fixture file.
#include "bench/loadgen/wire.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "bench/loadgen/fixture.h"
#include "bench/loadgen/server_metrics.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"

namespace weerbaar::bench {
namespace {

TEST(WireTest, AStampRoundTripsThroughAPayloadOfTheAskedSize) {
  std::string payload = StampedPayload(42, 123'456'789, 256);
  EXPECT_EQ(payload.size(), 256u);
  std::optional<Stamp> stamp = ReadStamp(payload);
  ASSERT_TRUE(stamp);
  EXPECT_EQ(stamp->tag, 42u);
  EXPECT_EQ(stamp->sent_ns, 123'456'789);
  EXPECT_FALSE(ReadStamp("short"));
}

TEST(WireTest, OnlyGroupPushesCarryADeliveredCiphertext) {
  v1::ServerMessage push;
  push.mutable_push_group()->set_ciphertext("opaque");
  EXPECT_EQ(PushedCiphertext(protocol::Encode(push)), "opaque");
  v1::ServerMessage ack;
  ack.set_request_id(7);
  ack.mutable_send_ack()->set_seq(1);
  EXPECT_FALSE(PushedCiphertext(protocol::Encode(ack)));
  EXPECT_FALSE(PushedCiphertext("\xff\xff not protobuf"));
}

TEST(WireTest, EverySendGetsItsOwnClientMessageId) {
  v1::ClientMessage a = SendGroupRequest("g", 1, "x"), b = SendGroupRequest("g", 1, "x");
  EXPECT_EQ(a.send_group().client_msg_id().size(), 16u);
  EXPECT_NE(a.send_group().client_msg_id(), b.send_group().client_msg_id());
}

TEST(ServerMetricsTest, FindsASampleByItsExactName) {
  const std::string text =
      "# HELP weerbaar_store_commits_total x\n"
      "weerbaar_store_commits_total_other 9\n"
      "weerbaar_store_commits_total 17\n"
      "weerbaar_connections 3\n";
  EXPECT_EQ(MetricValue(text, "weerbaar_store_commits_total"), 17);
  EXPECT_EQ(MetricValue(text, "weerbaar_connections"), 3);
  EXPECT_FALSE(MetricValue(text, "weerbaar_missing"));
}

TEST(EndpointTest, OnlyLoopbackAddressesAreTargets) {
  Result<Endpoint> local = ParseEndpoint("ws://127.0.0.1:7447/");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->port, 7447);
  EXPECT_TRUE(ParseEndpoint("ws://[::1]:80/").ok());
  EXPECT_FALSE(ParseEndpoint("ws://10.0.0.1:7447/").ok());
  EXPECT_FALSE(ParseEndpoint("ws://example.org:7447/").ok());
}

TEST(FixtureFileTest, AFixtureRoundTripsThroughItsFile) {
  ASSERT_TRUE(crypto::Init().ok());
  Fixture f;
  f.spec = {{1}, 1, 1};
  f.admin = crypto::DeviceIdentity::Generate();
  f.leader = crypto::DeviceIdentity::Generate();
  f.fanout.resize(1);
  f.fanout[0].id = std::string(16, 'f');
  f.fanout[0].epoch = 3;
  f.fanout[0].members.push_back(crypto::DeviceIdentity::Generate());
  f.senders.resize(1);
  f.senders[0].id = std::string(16, 's');
  f.senders[0].members.push_back(crypto::DeviceIdentity::Generate());
  f.backlog.id = std::string(16, 'b');
  f.backlog.members.push_back(crypto::DeviceIdentity::Generate());
  f.idle.push_back(crypto::DeviceIdentity::Generate());
  const std::string path = ::testing::TempDir() + "/fixture-" + std::to_string(getpid());
  ASSERT_TRUE(SaveFixture(path, f).ok());
  Result<Fixture> back = LoadFixture(path);
  std::remove(path.c_str());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->spec, f.spec);
  EXPECT_EQ(back->fanout[0].id, f.fanout[0].id);
  EXPECT_EQ(back->fanout[0].epoch, 3u);
  EXPECT_EQ(back->fanout[0].members[0].device_id(), f.fanout[0].members[0].device_id());
  EXPECT_EQ(back->backlog.members[0].device_id(), f.backlog.members[0].device_id());
  EXPECT_EQ(back->idle[0].device_id(), f.idle[0].device_id());
  EXPECT_EQ(back->leader->device_id(), f.leader->device_id());
}

TEST(FixtureFileTest, AMissingOrForeignFileIsRefused) {
  EXPECT_EQ(LoadFixture("/nonexistent/fixture").status().code(), Code::kNotFound);
  const std::string path = ::testing::TempDir() + "/not-a-fixture-" + std::to_string(getpid());
  FILE* file = std::fopen(path.c_str(), "w");
  std::fputs("something else\n", file);
  std::fclose(file);
  EXPECT_EQ(LoadFixture(path).status().code(), Code::kDataLoss);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace weerbaar::bench
