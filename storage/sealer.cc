#include "storage/sealer.h"

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "storage/retention_rules.h"

namespace weerbaar::storage {
namespace {

constexpr uint8_t kVersion = 2;

std::string EncodeHeader(const SealHeader& header) {
  std::string out(1, static_cast<char>(kVersion));
  PutBigEndian64(out, header.key_id);
  PutBigEndian64(out, static_cast<uint64_t>(header.created_ms));
  PutBigEndian64(out, static_cast<uint64_t>(header.expiry_ms));
  return out;
}

std::string Aad(Cf cf, std::string_view key, std::string_view header) {
  std::string aad;
  PutBigEndian32(aad, static_cast<uint32_t>(CfName(cf).size()));
  aad.append(CfName(cf));
  PutBigEndian32(aad, static_cast<uint32_t>(key.size()));
  aad.append(key);
  aad.append(header);
  return aad;
}

}  // namespace

std::optional<SealHeader> ParseSealHeader(std::string_view stored) {
  if (stored.size() < kSealHeaderBytes + crypto::kAeadNonceBytes + crypto::kAeadTagBytes ||
      static_cast<uint8_t>(stored[0]) != kVersion) {
    return std::nullopt;
  }
  return SealHeader{GetBigEndian64(stored.data() + 1),
                    static_cast<int64_t>(GetBigEndian64(stored.data() + 9)),
                    static_cast<int64_t>(GetBigEndian64(stored.data() + 17))};
}

Result<std::string> Sealer::Seal(Cf cf, std::string_view key, std::string_view plaintext,
                                 const Placement& placement, int64_t now_ms) {
  const int64_t created = placement.created_ms.value_or(now_ms);
  const KeyScope scope{placement.data_class, BucketOf(placement.data_class, created),
                       placement.community, placement.subject};
  WB_ASSIGN_OR_RETURN(DataKey data_key, keyring_.GetOrCreate(scope));
  return SealWith(*data_key.key, cf, key, {data_key.id, created, placement.expiry_ms}, plaintext);
}

Result<Opened> Sealer::Open(Cf cf, std::string_view key, std::string_view stored, int64_t now_ms) {
  std::optional<SealHeader> header = ParseSealHeader(stored);
  if (!header) return DataLoss("stored value is malformed");
  Opened out{Judge(*header, now_ms), {}, *header};
  if (out.state != Liveness::kLive) return out;
  return Decrypt(cf, key, stored, std::move(out));
}

Result<Opened> Sealer::OpenAny(Cf cf, std::string_view key, std::string_view stored) {
  std::optional<SealHeader> header = ParseSealHeader(stored);
  if (!header) return DataLoss("stored value is malformed");
  return Decrypt(cf, key, stored, Opened{Liveness::kLive, {}, *header});
}

Result<std::string> Sealer::Reseal(Cf cf, std::string_view key, std::string_view stored,
                                   std::string_view plaintext) {
  std::optional<SealHeader> header = ParseSealHeader(stored);
  if (!header) return DataLoss("stored value is malformed");
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> data_key,
                      keyring_.Get(header->key_id));
  if (!data_key) return NotFound("data key is gone");
  return SealWith(*data_key, cf, key, *header, plaintext);
}

std::optional<int64_t> Sealer::DeadlineOf(const SealHeader& header) const {
  // Every read judges every record: no copy of the scope on this path.
  RetentionRule rule;
  const bool known = keyring_.VisitScope(header.key_id, [&](const KeyScope& scope) {
    rule = retention_.Rule(scope.community, scope.data_class);
  });
  if (!known) return std::nullopt;
  return Deadline(header.created_ms, header.expiry_ms, rule);
}

Liveness Sealer::Judge(const SealHeader& header, int64_t now_ms) const {
  std::optional<int64_t> deadline = DeadlineOf(header);
  if (!deadline) return Liveness::kShredded;
  return Expired(now_ms, *deadline) ? Liveness::kExpired : Liveness::kLive;
}

Result<std::string> Sealer::SealWith(const crypto::SecretBytes& data_key, Cf cf,
                                     std::string_view key, const SealHeader& header,
                                     std::string_view plaintext) {
  std::string out = EncodeHeader(header);
  WB_ASSIGN_OR_RETURN(Bytes sealed,
                      crypto::AeadSeal(data_key, AsBytes(plaintext), AsBytes(Aad(cf, key, out))));
  out.append(AsChars(sealed));
  return out;
}

Result<Opened> Sealer::Decrypt(Cf cf, std::string_view key, std::string_view stored, Opened out) {
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> data_key,
                      keyring_.Get(out.header.key_id));
  if (!data_key) {
    out.state = Liveness::kShredded;  // destroyed, possibly just now
    return out;
  }
  Result<Bytes> opened =
      crypto::AeadOpen(*data_key, AsBytes(stored.substr(kSealHeaderBytes)),
                       AsBytes(Aad(cf, key, stored.substr(0, kSealHeaderBytes))));
  if (!opened.ok()) return DataLoss("stored value failed authentication");
  out.plaintext = ToString(*opened);
  return out;
}

}  // namespace weerbaar::storage
