// View: reads straight from the database (not from a batch in progress), for the
// store's read methods, optionally from one snapshot at one instant (exports).
// Private to the storage library. Thread safety: every method may be called from any
// thread.
#pragma once

#include <rocksdb/db.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/engine.h"

namespace weerbaar::storage {

class View {
 public:
  // now_ms: judge every record at this instant (default: the clock at each read).
  explicit View(Engine& engine, const rocksdb::Snapshot* snapshot = nullptr,
                std::optional<int64_t> now_ms = std::nullopt);

  int64_t now_ms() const;
  Engine& engine() { return engine_; }

  // The plaintext at (cf, key); nullopt if absent, expired or shredded.
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key);
  Result<std::optional<std::string>> GetRaw(Cf cf, std::string_view key);

  // Visits, in key order, the live records of cf whose key starts with `prefix`, from
  // the first key >= `start` (`start` empty: from `prefix`), until `visit` returns false.
  // Expired and shredded records are skipped. Stops at the first error (a value that
  // fails to open is kDataLoss).
  using Visitor = std::function<bool(std::string_view key, std::string_view plaintext)>;
  Status Scan(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit);
  // As Scan, but only the keys of live records, for index reads that need nothing else:
  // each value is judged by its header (expiry, shredding) and not decrypted, so the value
  // is not authenticated either. Never use it where the value's content matters.
  using KeyVisitor = std::function<bool(std::string_view key)>;
  Status ScanLiveKeys(Cf cf, std::string_view prefix, const KeyVisitor& visit);
  // As Scan, over the stored bytes of every record.
  Status ScanRaw(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit);

 private:
  Engine& engine_;
  rocksdb::ReadOptions read_;
  std::optional<int64_t> now_ms_;
};

}  // namespace weerbaar::storage
