#include "clients/auth_request.h"

#include <string>

#include "common/bytes.h"
#include "crypto/transcript.h"

namespace weerbaar::client {
namespace {

crypto::AuthTranscript TranscriptFor(const v1::Challenge& c, std::string_view purpose,
                                     const crypto::DeviceIdentity& id, ByteView extra) {
  return {purpose, c.protocol_version(), AsBytes(c.server_id()), AsBytes(c.nonce()), id.device_id(),
          extra};
}

}  // namespace

v1::DeviceKeys PublishedKeys(const crypto::DeviceIdentity& id) {
  v1::DeviceKeys keys;
  keys.set_signing_key(ToString(id.signing_public()));
  keys.set_agreement_key(ToString(id.agreement_public()));
  keys.set_agreement_sig(ToString(id.agreement_signature()));
  return keys;
}

v1::DeviceInfo PublishedInfo(const crypto::DeviceIdentity& id) {
  v1::DeviceInfo info;
  info.set_device_id(ToString(id.device_id()));
  *info.mutable_keys() = PublishedKeys(id);
  return info;
}

v1::ClientMessage MakeRegister(const v1::Challenge& challenge, const crypto::DeviceIdentity& id,
                               std::string_view invite, std::string_view display_name) {
  Bytes extra = crypto::RegisterExtra(invite, id.agreement_public());
  v1::ClientMessage request;
  v1::Register* reg = request.mutable_register_();
  reg->set_invite(std::string(invite));
  *reg->mutable_keys() = PublishedKeys(id);
  reg->set_signature(
      ToString(crypto::SignAuthTranscript(id, TranscriptFor(challenge, "register", id, extra))));
  reg->set_display_name(std::string(display_name));
  return request;
}

v1::ClientMessage MakeAuthenticate(const v1::Challenge& challenge,
                                   const crypto::DeviceIdentity& id) {
  v1::ClientMessage request;
  v1::Authenticate* auth = request.mutable_authenticate();
  auth->set_device_id(ToString(id.device_id()));
  auth->set_signature(
      ToString(crypto::SignAuthTranscript(id, TranscriptFor(challenge, "authenticate", id, {}))));
  return request;
}

}  // namespace weerbaar::client
