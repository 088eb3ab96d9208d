#include "crypto/secret.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace weerbaar::crypto {

// Plain new[] rather than sodium_malloc: sender-key receivers hold thousands of small
// keys, and sodium_malloc costs guard pages and an mlock per allocation.
SecretBytes::SecretBytes(size_t size) : size_(size) {
  if (size_ > 0) data_ = new uint8_t[size_]();
}

SecretBytes::SecretBytes(ByteView bytes) : SecretBytes(bytes.size()) {
  std::copy(bytes.begin(), bytes.end(), data_);
}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SecretBytes::Wipe() {
  if (data_ != nullptr) {
    sodium_memzero(data_, size_);
    delete[] data_;
  }
  data_ = nullptr;
  size_ = 0;
}

}  // namespace weerbaar::crypto
