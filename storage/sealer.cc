#include "storage/sealer.h"

#include "common/bytes.h"
#include "crypto/primitives.h"

namespace weerbaar::storage {
namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kHeaderBytes = 6;

std::string Header(KeyRef ref) {
  std::string header;
  header.push_back(static_cast<char>(kVersion));
  header.push_back(static_cast<char>(ref.data_class));
  PutBigEndian32(header, ref.bucket);
  return header;
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

Result<std::string> Sealer::Seal(Cf cf, std::string_view key, std::string_view plaintext,
                                 int64_t now_ms) {
  const DataClass data_class = ClassOf(cf);
  const KeyRef ref{data_class, BucketOf(data_class, now_ms)};
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> data_key, keys_.GetOrCreate(ref));
  std::string out = Header(ref);
  WB_ASSIGN_OR_RETURN(Bytes sealed,
                      crypto::AeadSeal(*data_key, AsBytes(plaintext), AsBytes(Aad(cf, key, out))));
  out.append(AsChars(sealed));
  return out;
}

Result<std::string> Sealer::Open(Cf cf, std::string_view key, std::string_view stored) {
  if (stored.size() < kHeaderBytes + crypto::kAeadNonceBytes + crypto::kAeadTagBytes ||
      static_cast<uint8_t>(stored[0]) != kVersion) {
    return DataLoss("stored value is malformed");
  }
  const KeyRef ref{static_cast<DataClass>(stored[1]), GetBigEndian32(stored.data() + 2)};
  WB_ASSIGN_OR_RETURN(std::shared_ptr<const crypto::SecretBytes> data_key, keys_.Get(ref));
  const std::string_view header = stored.substr(0, kHeaderBytes);
  Result<Bytes> opened = crypto::AeadOpen(*data_key, AsBytes(stored.substr(kHeaderBytes)),
                                          AsBytes(Aad(cf, key, header)));
  if (!opened.ok()) return DataLoss("stored value failed authentication");
  return ToString(*opened);
}

}  // namespace weerbaar::storage
