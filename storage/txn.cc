#include "storage/txn.h"

#include "storage/retention_rules.h"

namespace weerbaar::storage {

Result<std::optional<std::string>> Txn::Get(Cf cf, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, GetRaw(cf, key));
  if (!stored) return std::optional<std::string>();
  WB_ASSIGN_OR_RETURN(Opened opened, engine_.sealer.Open(cf, key, *stored, now_ms_));
  if (opened.state != Liveness::kLive) return std::optional<std::string>();
  return std::optional<std::string>(std::move(opened.plaintext));
}

Result<std::optional<std::string>> Txn::GetRaw(Cf cf, std::string_view key) {
  std::string stored;
  rocksdb::Status s =
      batch_.GetFromBatchAndDB(engine_.db.db(), {}, engine_.db.cf(cf), key, &stored);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read");
  return std::optional<std::string>(std::move(stored));
}

Status Txn::Put(Cf cf, std::string_view key, std::string_view plaintext) {
  return Put(cf, key, plaintext, Placement{ClassOf(cf)});
}

Status Txn::Put(Cf cf, std::string_view key, std::string_view plaintext,
                const Placement& placement) {
  return PutSealed(cf, key, plaintext, placement).status();
}

Result<SealHeader> Txn::PutSealed(Cf cf, std::string_view key, std::string_view plaintext,
                                  const Placement& placement) {
  WB_ASSIGN_OR_RETURN(std::string sealed,
                      engine_.sealer.Seal(cf, key, plaintext, placement, now_ms_));
  WB_RETURN_IF_ERROR(PutRaw(cf, key, sealed));
  return *ParseSealHeader(sealed);
}

Status Txn::PutRaw(Cf cf, std::string_view key, std::string_view value) {
  return FromRocks(batch_.Put(engine_.db.cf(cf), key, value), "add to batch");
}

Status Txn::Delete(Cf cf, std::string_view key) {
  return FromRocks(batch_.Delete(engine_.db.cf(cf), key), "add to batch");
}

Result<std::vector<std::string>> Txn::Keys(Cf cf, std::string_view prefix, std::string_view last) {
  std::unique_ptr<rocksdb::Iterator> it = NewIterator(cf);
  std::vector<std::string> keys;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix) || (!last.empty() && key > last)) break;
    keys.emplace_back(key);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return keys;
}

std::unique_ptr<rocksdb::Iterator> Txn::NewIterator(Cf cf) {
  rocksdb::ColumnFamilyHandle* handle = engine_.db.cf(cf);
  return std::unique_ptr<rocksdb::Iterator>(
      batch_.NewIteratorWithBase(handle, engine_.db.db()->NewIterator({}, handle)));
}

int64_t Txn::ExpiryFor(std::string_view community, DataClass data_class) const {
  return SaturatingAdd(now_ms_, engine_.retention.Period(community, data_class));
}

}  // namespace weerbaar::storage
