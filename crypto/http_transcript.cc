#include "crypto/http_transcript.h"

#include "crypto/encoding.h"
#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

// Everything after the context, which SignWithContext prepends (length-prefixed).
Bytes EncodeFields(const HttpRequestTranscript& t) {
  Bytes out;
  internal::AppendLengthPrefixed(out, AsBytes(t.method));
  internal::AppendLengthPrefixed(out, AsBytes(t.target));
  internal::AppendLengthPrefixed(out, t.server_id);
  internal::AppendU64(out, t.time_ms);
  internal::AppendLengthPrefixed(out, t.nonce);
  internal::AppendLengthPrefixed(out, t.device_id);
  return out;
}

}  // namespace

Bytes EncodeHttpRequestTranscript(const HttpRequestTranscript& t) {
  Bytes out;
  internal::AppendLengthPrefixed(out, AsBytes(kHttpRequestContext));
  internal::Append(out, EncodeFields(t));
  return out;
}

Bytes SignHttpRequest(const DeviceIdentity& device, const HttpRequestTranscript& t) {
  return device.SignWithContext(kHttpRequestContext, EncodeFields(t));
}

bool VerifyHttpRequest(ByteView signing_public_key, const HttpRequestTranscript& t,
                       ByteView signature) {
  return VerifyWithContext(signing_public_key, kHttpRequestContext, EncodeFields(t), signature);
}

}  // namespace weerbaar::crypto
