// Internal to the relay: per-connection state, reply helpers and the request handlers.
// Everything here runs on the relay's thread (see relay.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "server/config.h"
#include "server/connection.h"
#include "server/hub.h"
#include "server/metrics.h"
#include "server/nonce_cache.h"
#include "server/policy.h"
#include "server/rate_limit.h"
#include "server/relay.h"
#include "server/wire.h"
#include "signals/taxonomy.h"
#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

using storage::Id;

// Who is asking; fixed when the connection authenticates.
struct Caller {
  Id user_id;
  Id device_id;
  bool is_admin = false;
};

enum class PeerState {
  kChallenged,   // challenge sent; the next frame must be Authenticate or Register
  kAuthPending,  // Register is being written
  kReady,        // authenticated and bound in the hub
  kClosing,      // Close was called; frames are ignored
};

struct Peer {
  Connection* conn = nullptr;
  PeerState state = PeerState::kChallenged;
  std::string nonce;  // single use: cleared by the first authentication attempt
  int64_t challenge_expires_ms = 0;
  int bad_frames = 0;  // undecodable or invalid frames in a row
  Caller caller;
  std::optional<TokenBucket> bucket;  // this connection's rate limit, from kReady on
  uint32_t strikes = 0;               // rate-limited requests in a row
};

// After three bad frames in a row the connection is closed with 1007.
inline constexpr int kMaxBadFrames = 3;

class RelayCore {
 public:
  RelayCore(storage::Store& store, const Clock& clock, Metrics& metrics, const Config& config,
            Relay::Post post, Relay::Background background)
      : store(store),
        clock(clock),
        metrics(metrics),
        config(config),
        post(std::move(post)),
        background(std::move(background)) {}

  storage::Store& store;
  const Clock& clock;
  Metrics& metrics;
  const Config config;
  const Relay::Post post;
  const Relay::Background background;
  Hub hub;
  std::unordered_map<ConnId, Peer> peers;
  // One bucket per user with at least one authenticated connection; dropped with her last
  // connection, so the map grows only with the online population.
  std::unordered_map<Id, TokenBucket> user_buckets;
  // The taxonomy in force (CurrentTaxonomy in relay_signals.h); empty until first used.
  std::shared_ptr<const signals::Taxonomy> taxonomy;
  // Nonces of accepted signed HTTP requests (Open311), within the signature's time window.
  NonceCache http_nonces{config.http_nonce_cache_entries,
                         int64_t{config.http_signature_skew_seconds} * 1000};
  ConnId next_id = 1;
  bool closing_all = false;
  // Called after an erasure or a retention change is durable and answered: the server
  // sweeps at once (see Relay::SetSweepHook).
  std::function<void()> sweep_soon;

  Peer* Find(ConnId id);
  // Binds an authenticated connection: caller, hub entry and rate-limit buckets.
  void Bind(ConnId id, Peer& peer, Caller caller);
  // Forgets the connection, and its user's bucket with her last connection.
  void Unbind(ConnId id);
  // Takes a token from the connection's and the user's bucket if both have one.
  bool TakeToken(Peer& peer);
  // Sends to the connection if it is still open; `msg` gets `request_id`.
  void Reply(ConnId id, uint64_t request_id, v1::ServerMessage msg);
  void Fail(ConnId id, uint64_t request_id, v1::ErrorCode code);
  // Maps a store status to an error reply, logging the ones an operator must see.
  void FailStatus(ConnId id, uint64_t request_id, const Status& status,
                  v1::ErrorCode precondition = v1::BAD_REQUEST);
  // Sends an error, then closes with `close_code`; further frames are ignored.
  void FailAndClose(ConnId id, uint64_t request_id, v1::ErrorCode code, uint16_t close_code);

  // Sends `frame` to every online device of every member of the group, except `except`.
  void PushToGroup(const Id& group_id, const Frame& frame, ConnId except);
  void PushGroupChanged(const Id& group_id, uint64_t epoch);
  // Sends `frame` to every connection of the user, then closes each with `close_code`;
  // their later frames are ignored.
  void CloseUser(const Id& user_id, const Frame& frame, uint16_t close_code);

  // Wraps a continuation for a store write: records the durable-write latency on the
  // committer thread, then runs `then` on the relay's thread.
  template <typename T>
  storage::Callback<T> OnDurable(std::function<void(Result<T>)> then) {
    // Captures copies, not `this`: the store may finish a write after the relay is gone.
    return [m = &metrics, c = &clock, p = post, start = clock.MonotonicMillis(),
            then = std::move(then)](Result<T> result) {
      m->durable_write.Observe(c->MonotonicMillis() - start);
      p([then, result = std::move(result)]() mutable { then(std::move(result)); });
    };
  }
};

// A store callback that replies `reply` once the write is durable, or the mapped error.
template <typename T>
storage::Callback<T> ReplyWhenDurable(RelayCore& core, ConnId id, uint64_t rid,
                                      v1::ServerMessage reply) {
  return core.OnDurable<T>([&core, id, rid, reply](Result<T> r) {
    if (!r.ok()) return core.FailStatus(id, rid, r.status());
    core.Reply(id, rid, reply);
  });
}

// Runs `read` on the background worker, then `then` with its result on the relay's thread;
// answers RATE_LIMITED at once when the worker's queue is full. `read` runs on another
// thread: it may call Store reads and pure functions only, and must capture by value (never
// `core` or anything else of the relay). `then` may find the connection gone: Reply ignores
// an unknown id.
template <typename T>
void ReadInBackground(RelayCore& core, ConnId id, uint64_t rid, std::function<Result<T>()> read,
                      std::function<void(Result<T>)> then) {
  bool queued = core.background([read = std::move(read), then = std::move(then), p = core.post] {
    p([then, result = read()]() mutable { then(std::move(result)); });
  });
  if (!queued) core.Fail(id, rid, v1::RATE_LIMITED);
}

// The caller's standing towards a community, or a group with its record.
Result<Standing> CommunityStanding(RelayCore& core, const Caller& caller, const Id& community_id);
struct GroupView {
  storage::GroupRecord group;
  Standing standing;
};
Result<GroupView> GroupStanding(RelayCore& core, const Caller& caller, const Id& group_id);

// One member with her role in the community, display name and device keys (GetGroup, and
// the partners of a channel).
Status FillMember(RelayCore& core, const Id& community_id, const Id& user_id, v1::Member* member);

// Handlers. Each sends exactly one reply for the request (now, or after the store write).
using Request = v1::ClientMessage;
void HandleAuthFrame(RelayCore& core, ConnId id, Peer& peer, const Request& req);

void HandleCreateCommunity(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleCreateGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleCreateInvite(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleRemoveMember(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleListCommunities(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetCommunityArea(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleListGroups(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleGetGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req);

void HandleSendGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSyncGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSendDirect(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSyncInbox(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleAckInbox(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetCursor(RelayCore& core, ConnId id, const Caller& caller, const Request& req);

// relay_retention.cc
void HandleGetRetention(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetRetentionPolicy(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetCommunityRetention(RelayCore& core, ConnId id, const Caller& caller,
                                 const Request& req);
void HandleVerifyAudit(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleRecordsOfProcessing(RelayCore& core, ConnId id, const Caller& caller,
                               const Request& req);
// relay_account.cc
void HandleEraseAccount(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleExportAccount(RelayCore& core, ConnId id, const Caller& caller, const Request& req);

}  // namespace weerbaar::server
