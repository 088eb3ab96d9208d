// Authenticate and Register: the first frame of every connection.
#include "common/bytes.h"
#include "crypto/identity.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"
#include "protocol/codec.h"
#include "server/log.h"
#include "server/relay_core.h"

namespace weerbaar::server {
namespace {

// Every failed attempt ends the connection: a fresh challenge costs the client a reconnect,
// which keeps guessing slow and the nonce single use.
void AuthFailed(RelayCore& core, ConnId id, uint64_t rid, v1::ErrorCode code) {
  Metrics::Add(core.metrics.auth_failures_total);
  core.FailAndClose(id, rid, code, protocol::close_code::kPolicyViolation);
}

crypto::AuthTranscript Transcript(RelayCore& core, std::string_view purpose,
                                  const std::string& nonce, ByteView device_id, ByteView extra) {
  return crypto::AuthTranscript{purpose,
                                protocol::kProtocolVersion,
                                AsBytes(core.store.server_id()),
                                AsBytes(nonce),
                                device_id,
                                extra};
}

v1::ServerMessage AuthReply(const Caller& caller) {
  v1::ServerMessage reply;
  v1::AuthResult* result = reply.mutable_auth_result();
  result->set_user_id(caller.user_id);
  result->set_device_id(caller.device_id);
  result->set_is_admin(caller.is_admin);
  return reply;
}

void Authenticate(RelayCore& core, ConnId id, Peer& peer, const Request& req,
                  const std::string& nonce) {
  const v1::Authenticate& auth = req.authenticate();
  Result<storage::DeviceRecord> device = core.store.GetDevice(auth.device_id());
  // An unknown device and a bad signature get the same answer: no device enumeration.
  if (!device.ok() && device.status().code() != Code::kNotFound) {
    Log().warn("device lookup failed: {}", device.status().ToString());
    return AuthFailed(core, id, req.request_id(), v1::UNAVAILABLE);
  }
  auto transcript = Transcript(core, "authenticate", nonce, AsBytes(auth.device_id()), {});
  if (!device.ok() || !crypto::VerifyAuthTranscript(AsBytes(device->signing_key), transcript,
                                                    AsBytes(auth.signature())))
    return AuthFailed(core, id, req.request_id(), v1::UNAUTHENTICATED);
  Result<storage::UserRecord> user = core.store.GetUser(device->user_id);
  if (!user.ok()) return AuthFailed(core, id, req.request_id(), v1::UNAVAILABLE);
  core.Bind(id, peer, Caller{device->user_id, device->device_id, user->is_admin});
  core.Reply(id, req.request_id(), AuthReply(peer.caller));
  Log().debug("device {} authenticated", LogLabel(AsBytes(device->device_id)));
}

void FinishRegister(RelayCore& core, ConnId id, uint64_t rid,
                    const Result<storage::RegisterOutcome>& out) {
  if (!out.ok()) {
    Log().debug("registration refused: {}", out.status().ToString());
    bool unknown = out.status().code() == Code::kNotFound;
    return AuthFailed(core, id, rid,
                      unknown ? v1::INVITE_INVALID : ErrorCodeFor(out.status().code()));
  }
  Peer* peer = core.Find(id);
  if (peer != nullptr && peer->state == PeerState::kAuthPending) {
    core.Bind(id, *peer, Caller{out->user_id, out->device_id, out->is_admin});
    v1::ServerMessage reply = AuthReply(peer->caller);
    reply.mutable_auth_result()->set_community_id(out->community_id);
    reply.mutable_auth_result()->set_group_id(out->group_id);
    reply.mutable_auth_result()->set_channel_id(out->channel_id);
    reply.mutable_auth_result()->set_role(RoleToWire(out->role));
    core.Reply(id, rid, std::move(reply));
  }
  Log().info("device {} registered for user {}", LogLabel(AsBytes(out->device_id)),
             LogLabel(AsBytes(out->user_id)));
  // The new device joined these groups: members rotate their sender keys.
  for (const storage::GroupEpoch& changed : out->changed_groups)
    core.PushGroupChanged(changed.group_id, changed.epoch);
}

storage::RegisterRequest RegisterRequestFor(RelayCore& core, const v1::Register& r,
                                            const Bytes& device_id) {
  storage::RegisterRequest sreq;
  sreq.token_hash = ToString(crypto::Hash(AsBytes(r.invite())));
  sreq.device.device_id = ToString(device_id);
  sreq.device.signing_key = r.keys().signing_key();
  sreq.device.agreement_key = r.keys().agreement_key();
  sreq.device.agreement_sig = r.keys().agreement_sig();
  sreq.device.created_ms = core.clock.NowMillis();
  sreq.display_name = r.display_name();
  return sreq;
}

void Register(RelayCore& core, ConnId id, Peer& peer, const Request& req,
              const std::string& nonce) {
  const v1::Register& r = req.register_();
  const v1::DeviceKeys& keys = r.keys();
  Bytes device_id = crypto::DeviceIdFor(AsBytes(keys.signing_key()));
  Bytes extra = crypto::RegisterExtra(r.invite(), AsBytes(keys.agreement_key()));
  auto transcript = Transcript(core, "register", nonce, device_id, extra);
  if (!crypto::VerifyAgreementKey(AsBytes(keys.signing_key()), AsBytes(keys.agreement_key()),
                                  AsBytes(keys.agreement_sig())) ||
      !crypto::VerifyAuthTranscript(AsBytes(keys.signing_key()), transcript,
                                    AsBytes(r.signature())))
    return AuthFailed(core, id, req.request_id(), v1::UNAUTHENTICATED);
  peer.state = PeerState::kAuthPending;
  uint64_t rid = req.request_id();
  core.store.Register(RegisterRequestFor(core, r, device_id),
                      core.OnDurable<storage::RegisterOutcome>(
                          [&core, id, rid](Result<storage::RegisterOutcome> out) {
                            FinishRegister(core, id, rid, out);
                          }));
}

}  // namespace

void HandleAuthFrame(RelayCore& core, ConnId id, Peer& peer, const Request& req) {
  // The nonce is consumed by the first attempt, whatever its outcome.
  std::string nonce = std::move(peer.nonce);
  peer.nonce.clear();
  bool live = !nonce.empty() && core.clock.NowMillis() <= peer.challenge_expires_ms;
  if (!live) return AuthFailed(core, id, req.request_id(), v1::UNAUTHENTICATED);
  switch (req.body_case()) {
    case Request::kAuthenticate:
      return Authenticate(core, id, peer, req, nonce);
    case Request::kRegister:
      return Register(core, id, peer, req, nonce);
    default:
      return AuthFailed(core, id, req.request_id(), v1::UNAUTHENTICATED);
  }
}

}  // namespace weerbaar::server
