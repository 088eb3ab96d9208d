// Deterministic key material and JSON helpers for the web-client interop vectors.
//
// Every secret is BLAKE2b of a fixed label, so the generator and the TypeScript tests
// rebuild the same identities and sender keys without sharing files. Test-only code:
// these keys are public by construction and must never be used for real traffic.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"
#include "crypto/sender_key.h"

namespace weerbaar::vectors {

// BLAKE2b-`len` (unkeyed) of "weerbaar-vectors/" + label: the fixed secret for `label`.
Bytes FixedBytes(std::string_view label, size_t len = 32);

// The identity whose signing seed and agreement secret are FixedBytes(label + "/signing")
// and FixedBytes(label + "/agreement") (the latter clamped, as DeviceIdentity stores it).
Result<crypto::DeviceIdentity> FixedIdentity(std::string_view label);

// A SenderKey at iteration 0 with key id FixedBytes(label + "/key-id", 16), chain key
// FixedBytes(label + "/chain") and signing seed FixedBytes(label + "/signing").
Result<crypto::SenderKey> FixedSenderKey(std::string_view label);

// Counts passed checks of `weerbaar-vectors verify`; the first failure ends the run.
struct Checks {
  int passed = 0;
  Status Expect(bool ok, std::string_view what) {
    if (!ok) return DataLoss("check failed: " + std::string(what));
    ++passed;
    return Status::Ok();
  }
};

// Hex text of bytes, and the reverse for a JSON member; kInvalidArgument if the member is
// missing, not a string or not hex.
std::string Hex(ByteView b);
Result<Bytes> HexMember(const boost::json::object& o, std::string_view key);
Result<std::string> StringMember(const boost::json::object& o, std::string_view key);
Result<const boost::json::object*> ObjectMember(const boost::json::object& o, std::string_view key);
Result<const boost::json::array*> ArrayMember(const boost::json::object& o, std::string_view key);
// An integer member (kInvalidArgument if missing or not an integer) and any number.
Result<int64_t> IntMember(const boost::json::object& o, std::string_view key);
Result<double> NumberMember(const boost::json::object& o, std::string_view key);

// The public description of an identity, as JSON (device id, keys, agreement signature).
boost::json::object PublicJson(const crypto::DeviceIdentity& id);

}  // namespace weerbaar::vectors
