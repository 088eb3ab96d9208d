// Scenario 5: a device was away while the leader wrote a backlog to their group; it
// reconnects and syncs through it. The reader is the real blocking client::Connection (one
// request at a time, as the CLI syncs), timed from the connect to the last page; the
// pages are SyncGroup replies (the fake ciphertexts are not decrypted). Measured with the
// page size real clients ask for (0 = the server's default_sync_limit) and with the
// largest the server allows (max_sync_limit), over the same backlog.
#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/wire.h"
#include "clients/auth_request.h"
#include "clients/connection.h"

namespace weerbaar::bench {
namespace {

constexpr size_t kSeedWindow = 128;
constexpr uint32_t kLargestPage = 500;  // the default max_sync_limit
const client::Timeout kTimeout{30'000};

// Writes `n` messages to the backlog group as the leader; returns the seq of the first.
Result<uint64_t> Seed(const Target& target, const Fixture& fixture, size_t n, size_t bytes) {
  Scene scene;
  Result<uint64_t> first = Unavailable("seeding did not finish");
  auto seed = [&]() -> asio::awaitable<void> {
    WsClient& ws = scene.NewClient();
    Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, target.server, *fixture.leader);
    if (!auth.ok()) {
      first = auth.status();
      co_return;
    }
    std::vector<v1::ClientMessage> requests;
    for (size_t i = 0; i < n; ++i)
      requests.push_back(SendGroupRequest(fixture.backlog.id, fixture.backlog.epoch,
                                          StampedPayload(i, NowNanos(), bytes)));
    auto acks = co_await CallMany(ws, std::move(requests), kSeedWindow, 2);
    if (!acks.ok()) {
      first = acks.status();
      co_return;
    }
    first = acks->front().send_ack().seq();
    co_await ws.Close();
  };
  scene.Spawn(seed());
  scene.Run(Millis(120'000));
  return first;
}

Status Authenticate(client::Connection& conn, const crypto::DeviceIdentity& device) {
  v1::ClientMessage auth = client::MakeAuthenticate(conn.challenge(), device);
  return conn.Call(auth, kTimeout).status();
}

struct SyncOutcome {
  size_t messages = 0, pages = 0;
  double seconds = 0;
};

// Reconnects as the reader and pages through everything after `after_seq`.
Result<SyncOutcome> Sync(const Target& target, const Fixture& fixture, uint64_t after_seq,
                         uint32_t limit) {
  SyncOutcome out;
  const int64_t t0 = NowNanos();
  client::Connection conn;
  const std::string url =
      "ws://" + target.server.host + ":" + std::to_string(target.server.port) + target.server.path;
  WB_RETURN_IF_ERROR(conn.Connect(url, kTimeout));
  WB_RETURN_IF_ERROR(Authenticate(conn, fixture.backlog.members[0]));
  for (bool more = true; more && out.pages < 100'000; ++out.pages) {
    v1::ClientMessage sync;
    sync.mutable_sync_group()->set_group_id(fixture.backlog.id);
    sync.mutable_sync_group()->set_after_seq(after_seq);
    sync.mutable_sync_group()->set_limit(limit);
    WB_ASSIGN_OR_RETURN(v1::ServerMessage page, conn.Call(sync, kTimeout));
    const v1::GroupMessages& got = page.group_messages();
    if (got.messages().empty()) break;
    out.messages += got.messages_size();
    after_seq = got.messages(got.messages_size() - 1).seq();
    more = got.more();
  }
  out.seconds = static_cast<double>(NowNanos() - t0) / 1e9;
  (void)conn.Close(kTimeout);
  return out;
}

void Report(const Result<SyncOutcome>& r, const std::string& prefix, Results& out) {
  if (!r.ok()) {
    out[prefix + ".errors"] = 1;
    return;
  }
  out[prefix + ".messages"] = static_cast<double>(r->messages);
  out[prefix + ".pages"] = static_cast<double>(r->pages);
  out[prefix + ".seconds"] = r->seconds;
  out[prefix + ".messages_per_s"] = static_cast<double>(r->messages) / r->seconds;
}

}  // namespace

void RunBacklog(const Target& target, const Fixture& fixture, const Settings& settings,
                Results& out) {
  const int64_t t0 = NowNanos();
  Result<uint64_t> first = Seed(target, fixture, settings.backlog_messages, settings.payload_bytes);
  if (!first.ok()) {
    out["backlog.errors"] = 1;
    return;
  }
  out["backlog.seed_per_s"] =
      static_cast<double>(settings.backlog_messages) / (static_cast<double>(NowNanos() - t0) / 1e9);
  Report(Sync(target, fixture, *first - 1, 0), "backlog.default_page", out);
  Report(Sync(target, fixture, *first - 1, kLargestPage), "backlog.largest_page", out);
}

}  // namespace weerbaar::bench
