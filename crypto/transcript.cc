#include "crypto/transcript.h"

#include "crypto/encoding.h"
#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr std::string_view kAuthContext = "weerbaar/auth/v1";

// Everything after the length-prefixed context; SignWithContext adds the context, so the
// signed bytes are exactly EncodeAuthTranscript(t).
Bytes EncodeFields(const AuthTranscript& t) {
  Bytes out;
  internal::AppendLengthPrefixed(out, AsBytes(t.purpose));
  internal::AppendU32(out, t.protocol_version);
  internal::AppendLengthPrefixed(out, t.server_id);
  internal::AppendLengthPrefixed(out, t.nonce);
  internal::AppendLengthPrefixed(out, t.device_id);
  internal::AppendLengthPrefixed(out, t.extra);
  return out;
}

}  // namespace

Bytes EncodeAuthTranscript(const AuthTranscript& t) {
  Bytes out;
  internal::AppendLengthPrefixed(out, AsBytes(kAuthContext));
  internal::Append(out, EncodeFields(t));
  return out;
}

Bytes SignAuthTranscript(const DeviceIdentity& device, const AuthTranscript& t) {
  return device.SignWithContext(kAuthContext, EncodeFields(t));
}

bool VerifyAuthTranscript(ByteView signing_public_key, const AuthTranscript& t,
                          ByteView signature) {
  return Verify(signing_public_key, EncodeAuthTranscript(t), signature);
}

Bytes RegisterExtra(std::string_view invite, ByteView agreement_public_key) {
  Bytes out = Hash(AsBytes(invite), 32);
  internal::Append(out, agreement_public_key);
  return out;
}

}  // namespace weerbaar::crypto
