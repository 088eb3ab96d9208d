#include "storage/view.h"

#include <memory>

namespace weerbaar::storage {

View::View(Engine& engine, const rocksdb::Snapshot* snapshot, std::optional<int64_t> now_ms)
    : engine_(engine), now_ms_(now_ms) {
  read_.snapshot = snapshot;
}

int64_t View::now_ms() const { return now_ms_.value_or(engine_.clock.NowMillis()); }

Result<std::optional<std::string>> View::Get(Cf cf, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, GetRaw(cf, key));
  if (!stored) return std::optional<std::string>();
  WB_ASSIGN_OR_RETURN(Opened opened, engine_.sealer.Open(cf, key, *stored, now_ms()));
  if (opened.state != Liveness::kLive) return std::optional<std::string>();
  return std::optional<std::string>(std::move(opened.plaintext));
}

Result<std::optional<std::string>> View::GetRaw(Cf cf, std::string_view key) {
  std::string stored;
  rocksdb::Status s = engine_.db.db()->Get(read_, engine_.db.cf(cf), key, &stored);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read");
  return std::optional<std::string>(std::move(stored));
}

Status View::Scan(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit) {
  const int64_t now = now_ms();
  Status failed;
  WB_RETURN_IF_ERROR(ScanRaw(cf, prefix, start, [&](auto key, auto stored) {
    Result<Opened> opened = engine_.sealer.Open(cf, key, stored, now);
    if (!opened.ok()) {
      failed = opened.status();
      return false;
    }
    return opened->state != Liveness::kLive || visit(key, opened->plaintext);
  }));
  return failed;
}

Status View::ScanLiveKeys(Cf cf, std::string_view prefix, const KeyVisitor& visit) {
  const int64_t now = now_ms();
  bool malformed = false;
  WB_RETURN_IF_ERROR(ScanRaw(cf, prefix, {}, [&](auto key, auto stored) {
    std::optional<SealHeader> header = ParseSealHeader(stored);
    malformed = !header;
    if (malformed) return false;
    return engine_.sealer.Judge(*header, now) != Liveness::kLive || visit(key);
  }));
  if (malformed) return DataLoss("stored value is malformed");
  return Status::Ok();
}

Status View::ScanRaw(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit) {
  // The iterator reads one implicit snapshot: a scan never sees half a batch.
  std::unique_ptr<rocksdb::Iterator> it(engine_.db.db()->NewIterator(read_, engine_.db.cf(cf)));
  for (it->Seek(start.empty() ? prefix : start); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    if (!visit(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scan");
}

}  // namespace weerbaar::storage
