// Field validation of the retention, erasure, export and audit requests (ClientMessage
// fields 60-69). Internal to protocol/: codec.cc calls it for those bodies.
#pragma once

#include "common/status.h"
#include "protocol/codec.h"
#include "weerbaar.pb.h"

namespace weerbaar::protocol {

// kInvalidArgument with a short, safe message for a bad field; OK for a body this file
// does not handle (it checks nothing else).
Status ValidateRetentionRequest(const v1::ClientMessage& msg);

// True for a DataClass value this protocol version knows (not UNSPECIFIED).
bool KnownDataClass(int data_class);

}  // namespace weerbaar::protocol
