#include "storage/txn.h"

#include <memory>

namespace weerbaar::storage {

Result<std::optional<std::string>> Txn::Get(Cf cf, std::string_view key) {
  std::string stored;
  rocksdb::Status s = batch_.GetFromBatchAndDB(db_.db(), {}, db_.cf(cf), key, &stored);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read");
  WB_ASSIGN_OR_RETURN(std::string plain, sealer_.Open(cf, key, stored));
  return std::optional<std::string>(std::move(plain));
}

Status Txn::Put(Cf cf, std::string_view key, std::string_view plaintext) {
  WB_ASSIGN_OR_RETURN(std::string sealed, sealer_.Seal(cf, key, plaintext, now_ms_));
  return FromRocks(batch_.Put(db_.cf(cf), key, sealed), "add to batch");
}

Status Txn::Delete(Cf cf, std::string_view key) {
  return FromRocks(batch_.Delete(db_.cf(cf), key), "add to batch");
}

Result<std::vector<std::string>> Txn::Keys(Cf cf, std::string_view prefix, std::string_view last) {
  std::unique_ptr<rocksdb::Iterator> it(
      batch_.NewIteratorWithBase(db_.cf(cf), db_.db()->NewIterator({}, db_.cf(cf))));
  std::vector<std::string> keys;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix) || (!last.empty() && key > last)) break;
    keys.emplace_back(key);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return keys;
}

}  // namespace weerbaar::storage
