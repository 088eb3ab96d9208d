// Record keys: ids are length-prefixed (one byte) so that the key of one id is never a
// prefix of another's, and sequence numbers are big-endian so that keys sort by seq.
// Private to the storage library.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace weerbaar::storage::keys {

inline constexpr size_t kMaxIdBytes = 255;

// True for 1..kMaxIdBytes bytes.
bool ValidId(std::string_view id);

// Appends one length-prefixed id. REQUIRES: ValidId(id).
void AppendId(std::string& out, std::string_view id);

// The key made of these ids, in order. REQUIRES: every id is ValidId.
std::string Ids(std::initializer_list<std::string_view> ids);

// The key made of these ids followed by a big-endian seq.
std::string IdsSeq(std::initializer_list<std::string_view> ids, uint64_t seq);

// Reads a key made by the functions above, field by field. Every read returns false
// (and leaves the output alone) if the key is too short or malformed.
class Reader {
 public:
  explicit Reader(std::string_view key) : rest_(key) {}
  bool Id(std::string_view* out);
  bool Seq(uint64_t* out);
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace weerbaar::storage::keys
