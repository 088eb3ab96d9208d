// Conversions between the store's records and wire messages, and error replies.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "server/connection.h"
#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

// Encodes once; the result is shared by every recipient.
Frame EncodeFrame(const v1::ServerMessage& msg);

v1::ServerMessage ErrorReply(uint64_t request_id, v1::ErrorCode code, std::string_view message);

// The wire error for a store (or validation) status. kFailedPrecondition maps to
// `precondition`, whose meaning depends on the operation (STALE_EPOCH for a send).
// kUnavailable, kInternal, kDataLoss and kDeadlineExceeded all map to UNAVAILABLE:
// nothing was acknowledged and the client may retry.
v1::ErrorCode ErrorCodeFor(Code code, v1::ErrorCode precondition = v1::BAD_REQUEST);

// A short fixed text per error code; never store or internal detail.
std::string_view SafeMessage(v1::ErrorCode code);

v1::Role RoleToWire(storage::Role role);
storage::Role RoleFromWire(v1::Role role);
storage::InviteKind InviteKindFromWire(v1::InviteKind kind);

void MessageToWire(const storage::StoredMessage& in, v1::GroupMessage* out);
void InboxToWire(const storage::InboxEntry& in, v1::InboxMessage* out);

}  // namespace weerbaar::server
