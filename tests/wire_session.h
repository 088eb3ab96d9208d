// Protocol helpers over RawWs for end-to-end tests: read the challenge, register or
// authenticate a device, and make requests with explicit request ids.
#pragma once

#include <string>

#include "crypto/identity.h"
#include "tests/raw_ws.h"
#include "weerbaar.pb.h"

namespace weerbaar::testing {

// The signed requests for a challenge (docs/protocol.md, "The auth transcript").
v1::ClientMessage RegisterRequest(const v1::Challenge& challenge,
                                  const crypto::DeviceIdentity& device, const std::string& invite,
                                  const std::string& name = "Tester");
v1::ClientMessage AuthenticateRequest(const v1::Challenge& challenge,
                                      const crypto::DeviceIdentity& device);

// A second copy of a device (DeviceIdentity is move-only).
crypto::DeviceIdentity CopyDevice(const crypto::DeviceIdentity& device);

// The encoded frame of `req` with `request_id` set.
std::string EncodeWithId(v1::ClientMessage req, uint64_t request_id);

// One WebSocket connection speaking the protocol.
class WireSession {
 public:
  // Connects and reads the challenge.
  Status Open(int port, const RawWsOptions& options = {});
  // Registers `device` with `invite` / authenticates it. The AuthResult, or the error.
  Result<v1::AuthResult> Register(const crypto::DeviceIdentity& device, const std::string& invite,
                                  const std::string& name = "Tester");
  Result<v1::AuthResult> Authenticate(const crypto::DeviceIdentity& device);
  // Sends `req` under the next request id and returns the reply (an Error reply too).
  Result<v1::ServerMessage> Call(v1::ClientMessage req, Timeout timeout = kWait);
  uint64_t next_id() const { return next_id_; }

  RawWs ws;
  v1::Challenge challenge;

 private:
  Result<v1::AuthResult> AuthCall(v1::ClientMessage req);
  uint64_t next_id_ = 1;
};

// Request builders.
v1::ClientMessage PingReq();
v1::ClientMessage CreateCommunityReq(const std::string& name);
v1::ClientMessage CreateGroupReq(const std::string& community_id, const std::string& name);
v1::ClientMessage InviteReq(v1::InviteKind kind, v1::Role role, const std::string& scope_id,
                            uint32_t ttl_seconds = 0);
v1::ClientMessage RemoveMemberReq(const std::string& group_id, const std::string& user_id);
v1::ClientMessage GetGroupReq(const std::string& group_id);
v1::ClientMessage SendGroupReq(const std::string& group_id, uint64_t epoch,
                               const std::string& client_msg_id, const std::string& ciphertext);
v1::ClientMessage SyncGroupReq(const std::string& group_id, uint64_t after_seq, uint32_t limit);

}  // namespace weerbaar::testing
