#include "storage/expiry_index.h"

#include "common/bytes.h"

namespace weerbaar::storage {
namespace {

constexpr size_t kFixedValueBytes = 16;

bool ReadCompanion(std::string_view& in, RecordRef* out) {
  if (in.size() < 3 || !ValidCf(static_cast<uint8_t>(in[0]))) return false;
  const size_t len =
      static_cast<size_t>(static_cast<uint8_t>(in[1])) << 8 | static_cast<uint8_t>(in[2]);
  if (in.size() < 3 + len) return false;
  *out = {Cf(static_cast<uint8_t>(in[0])), std::string(in.substr(3, len))};
  in.remove_prefix(3 + len);
  return true;
}

std::string IndexValue(const SealHeader& header, const std::vector<RecordWrite>& companions) {
  std::string value;
  PutBigEndian64(value, header.key_id);
  PutBigEndian64(value, static_cast<uint64_t>(header.created_ms));
  for (const RecordWrite& c : companions) {
    value.push_back(static_cast<char>(c.cf));
    value.push_back(static_cast<char>(c.key.size() >> 8));
    value.push_back(static_cast<char>(c.key.size() & 0xff));
    value.append(c.key);
  }
  return value;
}

// True if the record at ref is present and carries exactly `header`.
Result<bool> Carries(Txn& txn, const RecordRef& ref, const SealHeader& header) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.GetRaw(ref.cf, ref.key));
  if (!stored) return false;
  std::optional<SealHeader> found = ParseSealHeader(*stored);
  return found && *found == header;
}

}  // namespace

std::string IndexKey(int64_t expiry_ms, Cf cf, std::string_view key) {
  std::string out;
  PutBigEndian64(out, static_cast<uint64_t>(expiry_ms));
  out.push_back(static_cast<char>(cf));
  out.append(key);
  return out;
}

std::optional<IndexEntry> ParseIndexEntry(std::string_view key, std::string_view value) {
  if (key.size() < 9 || !ValidCf(static_cast<uint8_t>(key[8])) || value.size() < kFixedValueBytes) {
    return std::nullopt;
  }
  IndexEntry entry;
  entry.expiry_ms = static_cast<int64_t>(GetBigEndian64(key.data()));
  entry.record = {Cf(static_cast<uint8_t>(key[8])), std::string(key.substr(9))};
  entry.key_id = GetBigEndian64(value.data());
  entry.created_ms = static_cast<int64_t>(GetBigEndian64(value.data() + 8));
  value.remove_prefix(kFixedValueBytes);
  while (!value.empty()) {
    RecordRef companion;
    if (!ReadCompanion(value, &companion)) return std::nullopt;
    entry.companions.push_back(std::move(companion));
  }
  return entry;
}

SealHeader HeaderOf(const IndexEntry& entry) {
  return {entry.key_id, entry.created_ms, entry.expiry_ms};
}

Status PutIndexed(Txn& txn, const Placement& placement, const RecordWrite& primary,
                  const std::vector<RecordWrite>& companions) {
  // Every record of the group is sealed at the same instant under the same key, so they
  // share one header.
  Placement fixed = placement;
  fixed.created_ms = placement.created_ms.value_or(txn.now_ms());
  WB_ASSIGN_OR_RETURN(SealHeader header,
                      txn.PutSealed(primary.cf, primary.key, primary.plaintext, fixed));
  for (const RecordWrite& c : companions) {
    WB_RETURN_IF_ERROR(txn.Put(c.cf, c.key, c.plaintext, fixed));
  }
  if (header.expiry_ms == kKeepForever) return Status::Ok();
  return txn.PutRaw(Cf::kExpiry, IndexKey(header.expiry_ms, primary.cf, primary.key),
                    IndexValue(header, companions));
}

Result<Deleted> DeleteGroup(Txn& txn, const RecordRef& primary, const SealHeader& header) {
  Deleted deleted;
  WB_ASSIGN_OR_RETURN(bool primary_matches, Carries(txn, primary, header));
  if (primary_matches) {
    WB_RETURN_IF_ERROR(txn.Delete(primary.cf, primary.key));
    deleted.primary = 1;
    deleted.records.push_back(primary);
  }
  if (header.expiry_ms == kKeepForever) return deleted;
  const std::string index_key = IndexKey(header.expiry_ms, primary.cf, primary.key);
  WB_ASSIGN_OR_RETURN(std::optional<std::string> value, txn.GetRaw(Cf::kExpiry, index_key));
  if (!value) return deleted;
  std::optional<IndexEntry> entry = ParseIndexEntry(index_key, *value);
  if (!entry) return DataLoss("malformed expiry index entry");
  for (const RecordRef& c : entry->companions) {
    WB_ASSIGN_OR_RETURN(bool matches, Carries(txn, c, header));
    if (!matches) continue;
    WB_RETURN_IF_ERROR(txn.Delete(c.cf, c.key));
    ++deleted.companions;
    deleted.records.push_back(c);
  }
  WB_RETURN_IF_ERROR(txn.Delete(Cf::kExpiry, index_key));
  deleted.records.push_back({Cf::kExpiry, index_key});
  return deleted;
}

Result<Deleted> DeleteIndexed(Txn& txn, Cf cf, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.GetRaw(cf, key));
  if (!stored) return Deleted{};
  std::optional<SealHeader> header = ParseSealHeader(*stored);
  if (!header) return DataLoss("stored value is malformed");
  return DeleteGroup(txn, {cf, std::string(key)}, *header);
}

}  // namespace weerbaar::storage
