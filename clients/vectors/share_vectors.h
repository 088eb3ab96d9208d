// Interop vectors for sharing a report with a partner channel: the consent record and
// withdrawal with their signatures, the channel seal of SharedDetails, the reply seal, and
// geohashes (crypto/consent.h, crypto/channel_seal.h, signals/geohash.h).
#pragma once

#include <boost/json.hpp>

#include "clients/vectors/fixtures.h"
#include "common/bytes.h"
#include "common/status.h"

namespace weerbaar::vectors {

// Fixed secrets (FixedBytes labels) of the partner channel's and the reply handle's
// X25519 keys; the TypeScript tests derive the same keys.
inline constexpr std::string_view kChannelKeyLabel = "channel/agreement";
inline constexpr std::string_view kReplyKeyLabel = "reply/agreement";

// Made by the C++ code, signed by the fixed identity "alice": members "consent",
// "withdrawal", "channel_seal", "reply_seal", "geohash".
Result<boost::json::object> GenerateShareVectors();

// Checks the same members of the TypeScript set, signed by the device whose Ed25519 key is
// `signing_public`: the records decode and their signatures pass the server's checks, the
// boxes open with the fixed keys (and not in the other direction), the geohashes match.
Status VerifyShareVectors(const boost::json::object& in, ByteView signing_public, Checks& c);

}  // namespace weerbaar::vectors
