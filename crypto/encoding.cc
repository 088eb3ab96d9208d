#include "crypto/encoding.h"

#include <algorithm>

namespace weerbaar::crypto::internal {

void AppendU32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendU64(Bytes& out, uint64_t v) {
  AppendU32(out, static_cast<uint32_t>(v >> 32));
  AppendU32(out, static_cast<uint32_t>(v));
}

void Append(Bytes& out, ByteView bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

void AppendLengthPrefixed(Bytes& out, ByteView field) {
  AppendU32(out, static_cast<uint32_t>(field.size()));
  Append(out, field);
}

void SecretWriter::U8(uint8_t v) { Raw(ByteView(&v, 1)); }

void SecretWriter::U32(uint32_t v) {
  uint8_t be[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                   static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
  Raw(be);
}

void SecretWriter::Raw(ByteView bytes) {
  // Layouts are fixed by this library, so an overrun is a bug here; clip rather than
  // write out of bounds.
  size_t n = std::min(bytes.size(), out_.size() - offset_);
  std::copy_n(bytes.begin(), n, out_.data() + offset_);
  offset_ += n;
}

ByteView Reader::Take(size_t n) {
  if (!ok_ || n > in_.size() - offset_) {
    ok_ = false;
    return {};
  }
  ByteView v = in_.subspan(offset_, n);
  offset_ += n;
  return v;
}

uint8_t Reader::U8() {
  ByteView v = Take(1);
  return v.empty() ? 0 : v[0];
}

uint32_t Reader::U32() {
  ByteView v = Take(4);
  return v.empty() ? 0 : GetBigEndian32(v.data());
}

}  // namespace weerbaar::crypto::internal
