#include "storage/keys.h"

#include "common/bytes.h"

namespace weerbaar::storage::keys {

bool ValidId(std::string_view id) { return !id.empty() && id.size() <= kMaxIdBytes; }

void AppendId(std::string& out, std::string_view id) {
  out.push_back(static_cast<char>(id.size()));
  out.append(id);
}

std::string Ids(std::initializer_list<std::string_view> ids) {
  std::string out;
  for (std::string_view id : ids) AppendId(out, id);
  return out;
}

std::string IdsSeq(std::initializer_list<std::string_view> ids, uint64_t seq) {
  std::string out = Ids(ids);
  PutBigEndian64(out, seq);
  return out;
}

bool Reader::Id(std::string_view* out) {
  if (rest_.empty()) return false;
  size_t n = static_cast<uint8_t>(rest_[0]);
  if (n == 0 || rest_.size() < 1 + n) return false;
  *out = rest_.substr(1, n);
  rest_.remove_prefix(1 + n);
  return true;
}

bool Reader::Seq(uint64_t* out) {
  if (rest_.size() < 8) return false;
  *out = GetBigEndian64(rest_.data());
  rest_.remove_prefix(8);
  return true;
}

}  // namespace weerbaar::storage::keys
