#include "storage/erasure.h"

#include <memory>

#include "storage/log.h"

namespace weerbaar::storage {

std::string ErasurePendingKey(std::string_view user_id) {
  return std::string(kErasurePendingPrefix) + std::string(user_id);
}

std::vector<uint64_t> KeysOfSubject(Keyring& keyring, std::string_view user_id) {
  return keyring.Select([user_id](const KeyScope& scope) { return scope.subject == user_id; });
}

Status CompleteErasure(Engine& engine, const Id& user_id) {
  WB_RETURN_IF_ERROR(engine.keyring.Destroy(KeysOfSubject(engine.keyring, user_id)));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(
      engine.db.db()->Delete(sync, engine.db.cf(Cf::kMeta), ErasurePendingKey(user_id)),
      "clear erasure marker");
}

Status CompletePendingErasures(Engine& engine) {
  std::vector<Id> pending;
  {
    std::unique_ptr<rocksdb::Iterator> it(engine.db.db()->NewIterator({}, engine.db.cf(Cf::kMeta)));
    for (it->Seek(kErasurePendingPrefix); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!key.starts_with(kErasurePendingPrefix)) break;
      pending.emplace_back(key.substr(kErasurePendingPrefix.size()));
    }
    WB_RETURN_IF_ERROR(FromRocks(it->status(), "scan erasure markers"));
  }
  for (const Id& user_id : pending) {
    WB_RETURN_IF_ERROR(CompleteErasure(engine, user_id));
    Logger()->info("completed an interrupted erasure");
  }
  return Status::Ok();
}

Status DestroyKeysAfterCommit(Txn& txn, const std::string& subject) {
  WB_RETURN_IF_ERROR(txn.Put(Cf::kMeta, ErasurePendingKey(subject), ""));
  Engine& engine = txn.engine();
  txn.AfterCommit([&engine, subject] {
    engine.erased_since_sweep.store(true);
    Status s = CompleteErasure(engine, subject);
    if (!s.ok()) Logger()->error("erasure key destruction deferred: {}", s.ToString());
  });
  return Status::Ok();
}

}  // namespace weerbaar::storage
