#include "storage/store_test_peer.h"

#include <gtest/gtest.h>

#include "storage/audit_meta.h"
#include "storage/erasure.h"
#include "storage/keys.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {
namespace {

Cf CfNamed(std::string_view name) {
  for (size_t i = 0; i < kCfCount; ++i) {
    if (CfName(Cf(i)) == name) return Cf(i);
  }
  ADD_FAILURE() << "no column family " << name;
  return Cf::kMeta;
}

}  // namespace

std::optional<std::string> StoreTestPeer::RawGet(Store& store, std::string_view cf,
                                                 std::string_view key) {
  Db& db = store.impl_->db();
  std::string value;
  rocksdb::Status s = db.db()->Get({}, db.cf(CfNamed(cf)), key, &value);
  if (!s.ok()) return std::nullopt;
  return value;
}

Status StoreTestPeer::RawPut(Store& store, std::string_view cf, std::string_view key,
                             std::string_view value) {
  Db& db = store.impl_->db();
  return FromRocks(db.db()->Put({}, db.cf(CfNamed(cf)), key, value), "raw put");
}

Status StoreTestPeer::RawDelete(Store& store, std::string_view cf, std::string_view key) {
  Db& db = store.impl_->db();
  return FromRocks(db.db()->Delete({}, db.cf(CfNamed(cf)), key), "raw delete");
}

Status StoreTestPeer::Reseal(Store& store, std::string_view cf, std::string_view key,
                             std::string_view plaintext) {
  std::optional<std::string> stored = RawGet(store, cf, key);
  if (!stored) return NotFound("nothing to reseal");
  WB_ASSIGN_OR_RETURN(std::string resealed,
                      store.impl_->engine().sealer.Reseal(CfNamed(cf), key, *stored, plaintext));
  return RawPut(store, cf, key, resealed);
}

std::optional<std::string> StoreTestPeer::OpenAny(Store& store, std::string_view cf,
                                                  std::string_view key) {
  std::optional<std::string> stored = RawGet(store, cf, key);
  if (!stored) return std::nullopt;
  Result<Opened> opened = store.impl_->engine().sealer.OpenAny(CfNamed(cf), key, *stored);
  if (!opened.ok() || opened->state != Liveness::kLive) return std::nullopt;
  return opened->plaintext;
}

std::vector<std::string> StoreTestPeer::KeyRowsOf(Store& store, const Id& user) {
  Keyring& keyring = store.impl_->keyring();
  std::vector<std::string> rows;
  for (uint64_t id : KeysOfSubject(keyring, user)) {
    Result<std::optional<std::string>> row = keyring.RawRow(id);
    EXPECT_TRUE(row.ok() && row->has_value());
    if (row.ok() && row->has_value()) rows.push_back(**row);
  }
  return rows;
}

size_t StoreTestPeer::KeyCount(Store& store) { return store.impl_->keyring().size(); }

uint64_t StoreTestPeer::PeriodicCompactionSeconds(Store& store, std::string_view cf) {
  Db& db = store.impl_->db();
  return db.db()->GetOptions(db.cf(CfNamed(cf))).periodic_compaction_seconds;
}

bool StoreTestPeer::PreallocatesFiles(Store& store) {
  return store.impl_->db().db()->GetDBOptions().allow_fallocate;
}

int StoreTestPeer::FileOpeningThreads(Store& store) {
  return store.impl_->db().db()->GetDBOptions().max_file_opening_threads;
}

std::string StoreTestPeer::IdsKey(std::initializer_list<std::string_view> ids) {
  return keys::Ids(ids);
}

std::string StoreTestPeer::SeqKey(const Id& owner, uint64_t seq) {
  return keys::IdsSeq({owner}, seq);
}

std::string StoreTestPeer::AuditKey(uint64_t index) { return storage::AuditKey(index); }

}  // namespace weerbaar::storage
