// StoreTestPeer: raw access to a Store's databases for storage tests (tampering, and
// proving what is on disk). Compiled into storage_test only, never into the library.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/store.h"

namespace weerbaar::storage {

class StoreTestPeer {
 public:
  // Column families by their on-disk name ("messages", "audit", ...).
  static std::optional<std::string> RawGet(Store& store, std::string_view cf, std::string_view key);
  static Status RawPut(Store& store, std::string_view cf, std::string_view key,
                       std::string_view value);
  static Status RawDelete(Store& store, std::string_view cf, std::string_view key);
  // Seals new plaintext under the key and header of the value at (cf, key), as an
  // insider holding the master key could.
  static Status Reseal(Store& store, std::string_view cf, std::string_view key,
                       std::string_view plaintext);
  // The plaintext at (cf, key) whatever its deadline; nullopt if absent or shredded.
  static std::optional<std::string> OpenAny(Store& store, std::string_view cf,
                                            std::string_view key);

  // The stored rows (scope and wrapped key) of every data key whose subject is `user`.
  static std::vector<std::string> KeyRowsOf(Store& store, const Id& user);
  static size_t KeyCount(Store& store);
  static uint64_t PeriodicCompactionSeconds(Store& store, std::string_view cf);
  // The data database's allow_fallocate and max_file_opening_threads.
  static bool PreallocatesFiles(Store& store);
  static int FileOpeningThreads(Store& store);

  // Record keys.
  static std::string IdsKey(std::initializer_list<std::string_view> ids);
  static std::string SeqKey(const Id& owner, uint64_t seq);
  static std::string AuditKey(uint64_t index);
};

}  // namespace weerbaar::storage
