#include "server/relay.h"

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "server/relay_core.h"
#include "server/relay_signals.h"

namespace weerbaar::server {
namespace {

using Handler = void (*)(RelayCore&, ConnId, const Caller&, const Request&);

void HandlePing(RelayCore& core, ConnId id, const Caller&, const Request& req) {
  v1::ServerMessage reply;
  reply.mutable_pong();
  core.Reply(id, req.request_id(), std::move(reply));
}

// Deny by default: a body without an entry here is refused.
Handler HandlerFor(Request::BodyCase body) {
  switch (body) {
    case Request::kCreateCommunity:
      return HandleCreateCommunity;
    case Request::kCreateGroup:
      return HandleCreateGroup;
    case Request::kCreateInvite:
      return HandleCreateInvite;
    case Request::kRemoveMember:
      return HandleRemoveMember;
    case Request::kListCommunities:
      return HandleListCommunities;
    case Request::kSetCommunityArea:
      return HandleSetCommunityArea;
    case Request::kListGroups:
      return HandleListGroups;
    case Request::kGetGroup:
      return HandleGetGroup;
    case Request::kSendGroup:
      return HandleSendGroup;
    case Request::kSyncGroup:
      return HandleSyncGroup;
    case Request::kSendDirect:
      return HandleSendDirect;
    case Request::kSyncInbox:
      return HandleSyncInbox;
    case Request::kAckInbox:
      return HandleAckInbox;
    case Request::kSetCursor:
      return HandleSetCursor;
    case Request::kPing:
      return HandlePing;
    case Request::kCreateChannel:
      return HandleCreateChannel;
    case Request::kSetChannelKey:
      return HandleSetChannelKey;
    case Request::kListChannels:
      return HandleListChannels;
    case Request::kGetTaxonomy:
      return HandleGetTaxonomy;
    case Request::kSetTaxonomy:
      return HandleSetTaxonomy;
    case Request::kListChannelPartners:
      return HandleListChannelPartners;
    case Request::kShareReport:
      return HandleShareReport;
    case Request::kWithdrawConsent:
      return HandleWithdrawConsent;
    case Request::kListMyShares:
      return HandleListMyShares;
    case Request::kSyncChannel:
      return HandleSyncChannel;
    case Request::kSetShareStatus:
      return HandleSetShareStatus;
    case Request::kAskQuestion:
      return HandleAskQuestion;
    case Request::kAnswerQuestion:
      return HandleAnswerQuestion;
    case Request::kPostShareUpdate:
      return HandlePostShareUpdate;
    case Request::kGetTrends:
      return HandleGetTrends;
    case Request::kGetRetention:
      return HandleGetRetention;
    case Request::kSetRetentionPolicy:
      return HandleSetRetentionPolicy;
    case Request::kSetCommunityRetention:
      return HandleSetCommunityRetention;
    case Request::kVerifyAudit:
      return HandleVerifyAudit;
    case Request::kGetRecordsOfProcessing:
      return HandleRecordsOfProcessing;
    case Request::kEraseAccount:
      return HandleEraseAccount;
    case Request::kExportAccount:
      return HandleExportAccount;
    default:
      return nullptr;
  }
}

// The request id of a frame that failed validation, if it parses at all, so that the error
// reply can be matched by the client.
uint64_t RequestIdOf(std::string_view frame) {
  v1::ClientMessage partial;
  if (!partial.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) return 0;
  return partial.request_id();
}

void BadFrame(RelayCore& core, ConnId id, Peer& peer, std::string_view frame, const Status& why) {
  uint64_t rid = RequestIdOf(frame);
  if (peer.state == PeerState::kChallenged) {
    core.metrics.Add(core.metrics.auth_failures_total);
    return core.FailAndClose(id, rid, v1::BAD_REQUEST, protocol::close_code::kPolicyViolation);
  }
  core.Reply(id, rid, ErrorReply(rid, v1::BAD_REQUEST, why.message()));
  if (++peer.bad_frames >= kMaxBadFrames) {
    peer.state = PeerState::kClosing;
    peer.conn->Close(protocol::close_code::kInvalidPayload);
  }
}

// Refuses a request over the connection's or the user's rate before it is validated or
// handled: a refused frame costs a token check, a parse for its request id (bounded by
// max_frame_bytes) and a short error. Returns whether to go on.
bool Admit(RelayCore& core, ConnId id, Peer& peer, std::string_view frame) {
  if (core.TakeToken(peer)) {
    peer.strikes = 0;
    return true;
  }
  Metrics::Add(core.metrics.rate_limited_total);
  if (++peer.strikes >= core.config.rate_limit_strikes) {
    core.FailAndClose(id, RequestIdOf(frame), v1::RATE_LIMITED,
                      protocol::close_code::kPolicyViolation);
    return false;
  }
  core.Fail(id, RequestIdOf(frame), v1::RATE_LIMITED);
  return false;
}

void Dispatch(RelayCore& core, ConnId id, Peer& peer, const Request& req) {
  Handler handler = HandlerFor(req.body_case());
  if (handler == nullptr) return core.Fail(id, req.request_id(), v1::BAD_REQUEST);
  // The handler gets a copy of the caller: it may outlive the peer in a store callback.
  Caller caller = peer.caller;
  handler(core, id, caller, req);
}

}  // namespace

Relay::Relay(storage::Store& store, const Clock& clock, Metrics& metrics, const Config& config,
             Post post, Background background)
    : core_(std::make_unique<RelayCore>(store, clock, metrics, config, std::move(post),
                                        std::move(background))) {}

Relay::~Relay() = default;

ConnId Relay::Open(Connection* conn) {
  ConnId id = core_->next_id++;
  Peer& peer = core_->peers[id];
  peer.conn = conn;
  if (core_->closing_all) {
    peer.state = PeerState::kClosing;
    conn->Close(protocol::close_code::kGoingAway);
    return id;
  }
  peer.nonce = ToString(crypto::RandomBytes(32));
  peer.challenge_expires_ms = core_->clock.NowMillis() + core_->config.auth_timeout_ms;
  v1::ServerMessage msg;
  v1::Challenge* challenge = msg.mutable_challenge();
  challenge->set_protocol_version(protocol::kProtocolVersion);
  challenge->set_server_id(core_->store.server_id());
  challenge->set_nonce(peer.nonce);
  challenge->set_expires_at_ms(static_cast<uint64_t>(peer.challenge_expires_ms));
  conn->Send(EncodeFrame(msg));
  return id;
}

void Relay::HandleFrame(ConnId id, std::string_view frame) {
  Peer* peer = core_->Find(id);
  if (peer == nullptr || peer->state == PeerState::kClosing) return;
  Metrics::Add(core_->metrics.messages_total);
  if (peer->state == PeerState::kReady && !Admit(*core_, id, *peer, frame)) return;
  Result<v1::ClientMessage> req = protocol::DecodeClientMessage(frame, core_->config.limits);
  if (!req.ok()) return BadFrame(*core_, id, *peer, frame, req.status());
  peer->bad_frames = 0;
  switch (peer->state) {
    case PeerState::kChallenged:
      return HandleAuthFrame(*core_, id, *peer, *req);
    case PeerState::kAuthPending:
      Metrics::Add(core_->metrics.auth_failures_total);
      return core_->FailAndClose(id, req->request_id(), v1::UNAUTHENTICATED,
                                 protocol::close_code::kPolicyViolation);
    case PeerState::kReady:
      return Dispatch(*core_, id, *peer, *req);
    case PeerState::kClosing:
      return;
  }
}

void Relay::AuthDeadline(ConnId id) {
  Peer* peer = core_->Find(id);
  if (peer == nullptr || peer->state != PeerState::kChallenged) return;
  Metrics::Add(core_->metrics.auth_failures_total);
  core_->FailAndClose(id, 0, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

void Relay::Closed(ConnId id) {
  core_->Unbind(id);
  core_->peers.erase(id);
}

void Relay::CloseAll(uint16_t code) {
  core_->closing_all = true;
  for (auto& [id, peer] : core_->peers) {
    if (peer.state == PeerState::kClosing) continue;
    peer.state = PeerState::kClosing;
    peer.conn->Close(code);
  }
}

void Relay::SetSweepHook(std::function<void()> hook) { core_->sweep_soon = std::move(hook); }

size_t Relay::connections() const { return core_->peers.size(); }
size_t Relay::authenticated() const { return core_->hub.size(); }

}  // namespace weerbaar::server
