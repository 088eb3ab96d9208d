#include "crypto/pairwise.h"

#include "crypto/encoding.h"
#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

constexpr std::string_view kPairwiseContext = "weerbaar/pairwise/v1";

Status CheckPeer(ByteView device_id, ByteView agreement_public) {
  if (device_id.size() != kDeviceIdBytes || agreement_public.size() != kAgreementKeyBytes) {
    return InvalidArgument("pairwise: peer id or key has the wrong size");
  }
  return Status::Ok();
}

// Both public keys enter the KDF in a fixed (sender, recipient) order, so the two
// directions between a pair use different keys.
Result<SecretBytes> BoxKey(const SecretBytes& own_secret, ByteView peer_public,
                           ByteView sender_public, ByteView recipient_public) {
  WB_ASSIGN_OR_RETURN(SecretBytes shared, X25519(own_secret, peer_public));
  Bytes publics(sender_public.begin(), sender_public.end());
  internal::Append(publics, recipient_public);
  return DeriveKey(shared.view(), kPairwiseContext, publics);
}

Bytes BoxAad(std::string_view context, ByteView sender_id, ByteView recipient_id) {
  Bytes aad;
  internal::AppendLengthPrefixed(aad, AsBytes(context));
  internal::AppendLengthPrefixed(aad, sender_id);
  internal::AppendLengthPrefixed(aad, recipient_id);
  return aad;
}

}  // namespace

Result<Bytes> SealPairwise(const DeviceIdentity& sender, ByteView recipient_device_id,
                           ByteView recipient_agreement_public, std::string_view context,
                           ByteView plaintext) {
  WB_RETURN_IF_ERROR(CheckPeer(recipient_device_id, recipient_agreement_public));
  WB_ASSIGN_OR_RETURN(SecretBytes key,
                      BoxKey(sender.agreement_secret(), recipient_agreement_public,
                             sender.agreement_public(), recipient_agreement_public));
  return AeadSeal(key, plaintext, BoxAad(context, sender.device_id(), recipient_device_id));
}

Result<Bytes> OpenPairwise(const DeviceIdentity& recipient, ByteView sender_device_id,
                           ByteView sender_agreement_public, std::string_view context,
                           ByteView box) {
  WB_RETURN_IF_ERROR(CheckPeer(sender_device_id, sender_agreement_public));
  WB_ASSIGN_OR_RETURN(SecretBytes key,
                      BoxKey(recipient.agreement_secret(), sender_agreement_public,
                             sender_agreement_public, recipient.agreement_public()));
  return AeadOpen(key, box, BoxAad(context, sender_device_id, recipient.device_id()));
}

}  // namespace weerbaar::crypto
