#include "storage/view.h"

#include <memory>

namespace weerbaar::storage {

Result<std::optional<std::string>> View::Get(Cf cf, std::string_view key) {
  std::string stored;
  rocksdb::Status s = db_.db()->Get({}, db_.cf(cf), key, &stored);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read");
  WB_ASSIGN_OR_RETURN(std::string plain, sealer_.Open(cf, key, stored));
  return std::optional<std::string>(std::move(plain));
}

Status View::Scan(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit) {
  // The iterator reads one implicit snapshot: a scan never sees half a batch.
  std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator({}, db_.cf(cf)));
  for (it->Seek(start.empty() ? prefix : start); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    WB_ASSIGN_OR_RETURN(std::string plain, sealer_.Open(cf, key, it->value().ToStringView()));
    if (!visit(key, plain)) break;
  }
  return FromRocks(it->status(), "scan");
}

}  // namespace weerbaar::storage
