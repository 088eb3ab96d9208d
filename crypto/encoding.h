// Internal to the crypto library (not installed, not for other layers): bounds-checked
// writers and readers for the fixed, versioned byte layouts in docs/crypto.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "crypto/secret.h"

namespace weerbaar::crypto::internal {

// Appends u32 BE length || bytes. Every variable-length field that is concatenated with
// another goes through this, so fields cannot shift into each other.
void AppendLengthPrefixed(Bytes& out, ByteView field);
void AppendU32(Bytes& out, uint32_t v);
void AppendU64(Bytes& out, uint64_t v);  // big-endian
void Append(Bytes& out, ByteView bytes);

// Writes into a preallocated SecretBytes, so secret material is never left behind in a
// reallocated std::vector. REQUIRES: the total written equals the SecretBytes' size.
class SecretWriter {
 public:
  explicit SecretWriter(size_t size) : out_(size) {}
  void U8(uint8_t v);
  void U32(uint32_t v);
  void Raw(ByteView bytes);
  // REQUIRES: exactly size bytes were written.
  SecretBytes Finish() { return std::move(out_); }

 private:
  SecretBytes out_;
  size_t offset_ = 0;
};

// Reads untrusted bytes. Every read checks the remaining length; after the first failed
// read the reader stays failed and returns zeros / empty views.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  uint8_t U8();
  uint32_t U32();
  ByteView Take(size_t n);
  bool ok() const { return ok_; }
  size_t remaining() const { return ok_ ? in_.size() - offset_ : 0; }
  // True when every read succeeded and every byte was consumed.
  bool Done() const { return ok_ && offset_ == in_.size(); }

 private:
  ByteView in_;
  size_t offset_ = 0;
  bool ok_ = true;
};

}  // namespace weerbaar::crypto::internal
