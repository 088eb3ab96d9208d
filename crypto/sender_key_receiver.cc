#include <utility>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/sender_key.h"
#include "crypto/sender_key_format.h"

namespace weerbaar::crypto {
namespace {

constexpr uint8_t kReceiverStateVersion = 1;
// version || key_id || u32 iteration || chain key || signing public || u32 count
constexpr size_t kReceiverFixedBytes =
    1 + kSenderKeyIdBytes + 4 + internal::kChainKeyBytes + kSigningPublicKeyBytes + 4;
// Per skipped key: u32 iteration || message key
constexpr size_t kSkippedEntryBytes = 4 + internal::kChainKeyBytes;

using SkippedKeys = std::map<uint32_t, SecretBytes>;

// The outcome of one Decrypt, computed on copies and committed only after the message
// authenticates, so a failed Decrypt leaves the receiver as it was.
struct Step {
  SecretBytes message_key;
  bool from_skipped = false;
  SecretBytes next_chain;                                // when !from_skipped
  std::vector<std::pair<uint32_t, SecretBytes>> passed;  // keys skipped on the way
};

// Ratchets a copy of the chain from `current` to `target`, keeping the keys passed over.
// REQUIRES: current <= target, target - current <= kMaxSkippedKeys (checked by Plan).
Step Advance(const SecretBytes& chain, uint32_t current, uint32_t target) {
  Step step;
  SecretBytes c = chain.Clone();
  for (uint32_t i = current; i < target; ++i) {
    step.passed.emplace_back(i, internal::MessageKey(c));
    c = internal::NextChainKey(c);
  }
  step.message_key = internal::MessageKey(c);
  step.next_chain = internal::NextChainKey(c);
  return step;
}

Result<Step> Plan(const SkippedKeys& skipped, const SecretBytes& chain, uint32_t current,
                  uint32_t target) {
  if (target < current) {
    auto it = skipped.find(target);
    if (it == skipped.end()) return AlreadyExists("sender key: replayed or too old");
    Step step;
    step.message_key = it->second.Clone();
    step.from_skipped = true;
    return step;
  }
  if (target - current > kMaxSkippedKeys) {
    return ResourceExhausted("sender key: message too far ahead");
  }
  return Advance(chain, current, target);
}

void Commit(Step step, uint32_t target, SkippedKeys& skipped, SecretBytes& chain,
            uint32_t& iteration) {
  if (step.from_skipped) {
    skipped.erase(target);
    return;
  }
  for (auto& [i, key] : step.passed) skipped.insert_or_assign(i, std::move(key));
  while (skipped.size() > kMaxSkippedKeys) skipped.erase(skipped.begin());
  chain = std::move(step.next_chain);
  iteration = target + 1;  // target < UINT32_MAX: ParseSenderKeyMessage refuses it
}

}  // namespace

SenderKeyReceiver SenderKeyReceiver::FromDistribution(const SenderKeyDistribution& d) {
  SenderKeyReceiver r;
  r.key_id_ = d.key_id;
  r.signing_public_ = d.signing_public;
  r.chain_key_ = d.chain_key.Clone();
  r.iteration_ = d.iteration;
  return r;
}

Result<Bytes> SenderKeyReceiver::Decrypt(ByteView message, ByteView context_aad) {
  WB_ASSIGN_OR_RETURN(internal::SenderKeyMessageView m, internal::ParseSenderKeyMessage(message));
  if (!ConstantTimeEqual(m.key_id, key_id_)) return InvalidArgument("sender key: wrong key id");
  // The signature is checked before any key derivation, so a forger cannot make us ratchet.
  if (!Verify(signing_public_, internal::SenderKeySignedBytes(context_aad, m.signed_part),
              m.signature)) {
    return PermissionDenied("sender key: bad signature");
  }
  WB_ASSIGN_OR_RETURN(Step step, Plan(skipped_, chain_key_, iteration_, m.iteration));
  WB_ASSIGN_OR_RETURN(Bytes plaintext, AeadDecrypt(step.message_key.view(), m.nonce, m.ciphertext,
                                                   internal::SenderKeyAead(m.header, context_aad)));
  Commit(std::move(step), m.iteration, skipped_, chain_key_, iteration_);
  return plaintext;
}

SecretBytes SenderKeyReceiver::Serialize() const {
  internal::SecretWriter w(kReceiverFixedBytes + skipped_.size() * kSkippedEntryBytes);
  w.U8(kReceiverStateVersion);
  w.Raw(key_id_);
  w.U32(iteration_);
  w.Raw(chain_key_.view());
  w.Raw(signing_public_);
  w.U32(static_cast<uint32_t>(skipped_.size()));
  for (const auto& [i, key] : skipped_) {
    w.U32(i);
    w.Raw(key.view());
  }
  return w.Finish();
}

Result<SenderKeyReceiver> SenderKeyReceiver::Parse(ByteView serialized) {
  internal::Reader r(serialized);
  if (serialized.size() < kReceiverFixedBytes || r.U8() != kReceiverStateVersion) {
    return InvalidArgument("sender key receiver: unknown layout");
  }
  SenderKeyReceiver rx;
  SenderKeyDistribution position = internal::ReadChainPosition(r);
  rx.key_id_ = std::move(position.key_id);
  rx.iteration_ = position.iteration;
  rx.chain_key_ = std::move(position.chain_key);
  rx.signing_public_ = std::move(position.signing_public);
  uint32_t count = r.U32();
  if (count > kMaxSkippedKeys || r.remaining() != size_t{count} * kSkippedEntryBytes) {
    return InvalidArgument("sender key receiver: bad skipped-key count");
  }
  for (uint32_t n = 0; n < count; ++n) {
    uint32_t i = r.U32();
    bool ordered = rx.skipped_.empty() || i > rx.skipped_.rbegin()->first;
    if (!ordered || i >= rx.iteration_) return InvalidArgument("sender key receiver: bad entry");
    rx.skipped_.emplace(i, SecretBytes(r.Take(internal::kChainKeyBytes)));
  }
  return rx;
}

}  // namespace weerbaar::crypto
