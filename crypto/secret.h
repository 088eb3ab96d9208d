// SecretBytes: key material that is move-only and zeroes itself (sodium_memzero) when it
// goes away. Never logged, never copied implicitly. A moved-from SecretBytes is empty;
// move assignment wipes the previous contents. Heap memory from new[], not locked
// (sodium_malloc's guard pages cost too much for thousands of small keys).
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.h"

namespace weerbaar::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size);     // zero-filled
  explicit SecretBytes(ByteView bytes);  // copies
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // An explicit copy, where a second owner is really needed.
  SecretBytes Clone() const { return SecretBytes(view()); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ByteView view() const { return {data_, size_}; }

 private:
  void Wipe();
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace weerbaar::crypto
