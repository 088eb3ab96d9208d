#include "clients/vectors/fixtures.h"

#include <sodium.h>

#include "crypto/primitives.h"

namespace weerbaar::vectors {
namespace {

constexpr std::string_view kAgreementKeyContext = "weerbaar/agreement-key/v1";

std::string Label(std::string_view label, std::string_view suffix) {
  return std::string(label) + std::string(suffix);
}

void Append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

void AppendU32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void Clamp(Bytes& s) {
  s[0] &= 248;
  s[31] &= 127;
  s[31] |= 64;
}

// Ed25519 key pair from a seed, as libsodium lays it out (secret = seed || public).
void SeedKeyPair(ByteView seed, Bytes& pk, Bytes& sk) {
  pk.resize(crypto_sign_PUBLICKEYBYTES);
  sk.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
}

}  // namespace

Bytes FixedBytes(std::string_view label, size_t len) {
  return crypto::Hash(AsBytes(Label("weerbaar-vectors/", label)), len);
}

// Builds the 193-byte secret layout and lets DeviceIdentity::Parse check it, so the
// identity is exactly what the crypto library would accept from a file.
Result<crypto::DeviceIdentity> FixedIdentity(std::string_view label) {
  Bytes seed = FixedBytes(Label(label, "/signing"));
  Bytes agreement = FixedBytes(Label(label, "/agreement"));
  Clamp(agreement);
  Bytes pk, sk;
  SeedKeyPair(seed, pk, sk);
  Bytes agreement_pk(crypto_scalarmult_BYTES);
  crypto_scalarmult_base(agreement_pk.data(), agreement.data());
  Bytes signed_part;
  AppendU32(signed_part, static_cast<uint32_t>(kAgreementKeyContext.size()));
  Append(signed_part, AsBytes(kAgreementKeyContext));
  Append(signed_part, agreement_pk);
  Bytes sig(crypto_sign_BYTES);
  crypto_sign_detached(sig.data(), nullptr, signed_part.data(), signed_part.size(), sk.data());
  Bytes serialized{1};
  for (const Bytes* part : {&seed, &agreement, &pk, &agreement_pk, &sig}) Append(serialized, *part);
  sodium_memzero(sk.data(), sk.size());
  return crypto::DeviceIdentity::Parse(serialized);
}

Result<crypto::SenderKey> FixedSenderKey(std::string_view label) {
  Bytes seed = FixedBytes(Label(label, "/signing"));
  Bytes pk, sk;
  SeedKeyPair(seed, pk, sk);
  sodium_memzero(sk.data(), sk.size());
  Bytes serialized{1};
  Append(serialized, FixedBytes(Label(label, "/key-id"), 16));
  AppendU32(serialized, 0);
  Append(serialized, FixedBytes(Label(label, "/chain")));
  Append(serialized, seed);
  Append(serialized, pk);
  return crypto::SenderKey::Parse(serialized);
}

std::string Hex(ByteView b) { return HexEncode(b); }

Result<std::string> StringMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string())
    return InvalidArgument("missing string: " + std::string(key));
  return std::string(v->as_string());
}

Result<Bytes> HexMember(const boost::json::object& o, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::string text, StringMember(o, key));
  std::optional<Bytes> bytes = HexDecode(text);
  if (!bytes) return InvalidArgument("not hex: " + std::string(key));
  return *bytes;
}

Result<const boost::json::object*> ObjectMember(const boost::json::object& o,
                                                std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_object())
    return InvalidArgument("missing object: " + std::string(key));
  return &v->as_object();
}

Result<const boost::json::array*> ArrayMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return InvalidArgument("missing array: " + std::string(key));
  return &v->as_array();
}

Result<int64_t> IntMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64())
    return InvalidArgument("missing integer: " + std::string(key));
  return v->as_int64();
}

Result<double> NumberMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_number())
    return InvalidArgument("missing number: " + std::string(key));
  boost::system::error_code ec;
  double d = v->to_number<double>(ec);
  if (ec) return InvalidArgument("not a number: " + std::string(key));
  return d;
}

boost::json::object PublicJson(const crypto::DeviceIdentity& id) {
  return {{"device_id", Hex(id.device_id())},
          {"signing_public", Hex(id.signing_public())},
          {"agreement_public", Hex(id.agreement_public())},
          {"agreement_sig", Hex(id.agreement_signature())}};
}

}  // namespace weerbaar::vectors
