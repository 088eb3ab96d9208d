// Fuzz target: the crypto parsers and openers, each with its security property as an
// invariant. The first byte picks the case; the keys are made once per process.
//   0 SenderKeyDistribution::Parse   accepted bytes re-serialize to themselves
//   1 SenderKeyReceiver::Parse       the same, then Decrypt of a genuine message: no crash
//   2 DeviceIdentity::Parse          the same for SerializeSecret
//   3 SenderKeyReceiver::Decrypt     bytes not signed by the sender key never decrypt
//   4 Decrypt of re-signed bytes     the fuzzer's header and ciphertext, with the real key
//                                    id and a valid signature: the AEAD still refuses, and
//                                    a refused message leaves the receiver's state as it was
//   5 Decrypt in any order           messages 0..n-1 delivered in the input's order (at
//                                    most 64 deliveries): the first delivery of each opens
//                                    to its plaintext, a repeat is kAlreadyExists, state is
//                                    unchanged on error
//   6 OpenPairwise                   bytes never open (no box was sealed for them)
//   7 SealPairwise + tamper          opens exactly when no bit was flipped
//   8 AeadOpen                       bytes never open under the process key
//   9 AeadSeal + tamper              opens exactly when no bit was flipped
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "crypto/identity.h"
#include "crypto/pairwise.h"
#include "crypto/primitives.h"
#include "crypto/sender_key.h"

namespace weerbaar::crypto {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Same(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// At most 16 messages, so 64 deliveries cover every order and repeats of each. Without the
// bound a long input cost a signature check and a state copy per byte (thousands).
constexpr size_t kMaxMessages = 16;
constexpr size_t kMaxDeliveries = 4 * kMaxMessages;

// The Ed25519 work that does not depend on the input is done once per process: the
// in-order case's messages (what a fresh copy of the sender key sends is always the same)
// and the sender key's signing key pair for re-signing. Signing was most of an input's
// time; the code under test (parsing, verifying, opening) still runs on every input.
struct Keys {
  Keys()
      : sender(SenderKey::Generate()),
        alice(DeviceIdentity::Generate()),
        bob(DeviceIdentity::Generate()),
        aead(RandomSecret(32)),
        signing_secret(kSigningSecretKeyBytes) {
    serialized_sender = sender.Serialize();
    genuine = *SenderKey::Parse(serialized_sender.view())->Encrypt(AsBytes("genuine"), aad);
    SenderKey copy = std::move(SenderKey::Parse(serialized_sender.view())).value();
    for (size_t i = 0; i < kMaxMessages; ++i)
      in_order.push_back(*copy.Encrypt(AsBytes("m" + std::to_string(i)), aad));
    ByteView seed = serialized_sender.view().subspan(1 + kSenderKeyIdBytes + 4 + 32, 32);
    uint8_t pk[32];
    crypto_sign_seed_keypair(pk, signing_secret.data(), seed.data());
  }
  SenderKey sender;
  SecretBytes serialized_sender;
  DeviceIdentity alice, bob;
  SecretBytes aead;
  SecretBytes signing_secret;  // the sender key's Ed25519 secret key
  Bytes aad = ToBytes("group|device|epoch");
  Bytes genuine;                // a message of `sender` at iteration 0
  std::vector<Bytes> in_order;  // its messages 0..kMaxMessages-1 from iteration 0
};

Keys& K() {
  static Keys* keys = [] {
    if (!Init().ok()) std::abort();
    return new Keys();
  }();
  return *keys;
}

// A fresh copy of the process's sender key at iteration 0.
SenderKey FreshSender() {
  return std::move(SenderKey::Parse(K().serialized_sender.view())).value();
}

SenderKeyReceiver FreshReceiver() {
  return SenderKeyReceiver::FromDistribution(FreshSender().Distribution());
}

template <typename T>
void RoundTrip(ByteView in, const Result<T>& parsed, SecretBytes (T::*serialize)() const) {
  if (parsed.ok()) Check(Same(((*parsed).*serialize)().view(), in));
}

// Signs `signed_part` as the sender key does (sender_key.h): Ed25519 over
// lp("weerbaar/sk/sig/v1") || lp(context aad) || signed_part.
Bytes Resign(ByteView signed_part) {
  Bytes msg;
  auto lp = [&](ByteView x) {
    for (int s = 24; s >= 0; s -= 8) msg.push_back(static_cast<uint8_t>(x.size() >> s));
    msg.insert(msg.end(), x.begin(), x.end());
  };
  lp(AsBytes("weerbaar/sk/sig/v1"));
  lp(K().aad);
  msg.insert(msg.end(), signed_part.begin(), signed_part.end());
  Bytes out(signed_part.begin(), signed_part.end());
  Bytes sig = Sign(K().signing_secret, msg);
  out.insert(out.end(), sig.begin(), sig.end());
  return out;
}

void DecryptResigned(ByteView in) {
  Bytes part(in.begin(), in.end());
  Bytes key_id = FreshSender().key_id();
  if (part.size() > kSenderKeyIdBytes) std::copy(key_id.begin(), key_id.end(), part.begin() + 1);
  SenderKeyReceiver r = FreshReceiver();
  SecretBytes before = r.Serialize();
  Check(!r.Decrypt(Resign(part), K().aad).ok());
  Check(Same(r.Serialize().view(), before.view()));
}

void DecryptInOrder(ByteView in) {
  if (in.empty()) return;
  size_t n = in[0] % kMaxMessages + 1;
  const std::vector<Bytes>& messages = K().in_order;
  SenderKeyReceiver r = FreshReceiver();
  std::vector<bool> opened(n, false);
  for (uint8_t pick : in.subspan(1, std::min(in.size() - 1, kMaxDeliveries))) {
    size_t i = pick % n;
    SecretBytes before = r.Serialize();
    Result<Bytes> plain = r.Decrypt(messages[i], K().aad);
    if (opened[i]) {
      Check(plain.status().code() == Code::kAlreadyExists);
      Check(Same(r.Serialize().view(), before.view()));
    } else {
      Check(plain.ok() && AsChars(*plain) == "m" + std::to_string(i));
      opened[i] = true;
    }
  }
}

// Flips bit in[0..1] of the sealed bytes when in[2] is odd.
template <typename Seal, typename Open>
void SealTamper(ByteView in, Seal seal, Open open) {
  if (in.size() < 3) return;
  ByteView plain = in.subspan(3);
  Bytes box = seal(plain);
  bool flip = in[2] & 1;
  if (flip) {
    size_t bit = ((size_t{in[0]} << 8) | in[1]) % (box.size() * 8);
    box[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  }
  Result<Bytes> opened = open(box);
  Check(opened.ok() == !flip);
  if (opened.ok()) Check(Same(*opened, plain));
}

void Case(uint8_t which, ByteView in) {
  Keys& k = K();
  switch (which % 10) {
    case 0:
      return RoundTrip(in, SenderKeyDistribution::Parse(in), &SenderKeyDistribution::Serialize);
    case 1: {
      auto r = SenderKeyReceiver::Parse(in);
      RoundTrip(in, r, &SenderKeyReceiver::Serialize);
      if (r.ok()) (void)r->Decrypt(k.genuine, k.aad);
      return;
    }
    case 2:
      return RoundTrip(in, DeviceIdentity::Parse(in), &DeviceIdentity::SerializeSecret);
    case 3:
      Check(!FreshReceiver().Decrypt(in, k.aad).ok() || Same(in, k.genuine));
      return;
    case 4:
      return DecryptResigned(in);
    case 5:
      return DecryptInOrder(in);
    case 6:
      Check(!OpenPairwise(k.bob, k.alice.device_id(), k.alice.agreement_public(), "fuzz", in).ok());
      return;
    case 7:
      return SealTamper(
          in,
          [&](ByteView p) {
            return *SealPairwise(k.alice, k.bob.device_id(), k.bob.agreement_public(), "fuzz", p);
          },
          [&](ByteView box) {
            return OpenPairwise(k.bob, k.alice.device_id(), k.alice.agreement_public(), "fuzz",
                                box);
          });
    case 8:
      Check(!AeadOpen(k.aead, in, k.aad).ok());
      return;
    case 9:
      return SealTamper(
          in, [&](ByteView p) { return *AeadSeal(k.aead, p, k.aad); },
          [&](ByteView box) { return AeadOpen(k.aead, box, k.aad); });
  }
}

}  // namespace
}  // namespace weerbaar::crypto

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  weerbaar::crypto::Case(data[0], weerbaar::ByteView(data + 1, size - 1));
  return 0;
}
