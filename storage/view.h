// View: reads straight from the database (not from a batch in progress), for the
// store's read methods. Private to the storage library.
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/db.h"
#include "storage/sealer.h"

namespace weerbaar::storage {

class View {
 public:
  View(Db& db, Sealer& sealer) : db_(db), sealer_(sealer) {}

  // The plaintext at (cf, key), nullopt if absent.
  Result<std::optional<std::string>> Get(Cf cf, std::string_view key);

  // Visits, in key order, the records of cf whose key starts with `prefix`, from the
  // first key >= `start` (`start` empty: from `prefix`), until `visit` returns false.
  // Stops at the first error (a value that fails to open is kDataLoss).
  using Visitor = std::function<bool(std::string_view key, std::string_view plaintext)>;
  Status Scan(Cf cf, std::string_view prefix, std::string_view start, const Visitor& visit);

 private:
  Db& db_;
  Sealer& sealer_;
};

}  // namespace weerbaar::storage
