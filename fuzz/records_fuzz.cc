// Fuzz target: the decoders of the storage layer's plaintext records (storage/records.h),
// which read what the database returns after a value was opened. The first byte picks the
// record type. Invariant besides no crash: an accepted record encodes to bytes that decode
// to a record that encodes to the same bytes (the encoding is a fixed point after one
// round), so a record read back and written again never drifts.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/records.h"

namespace weerbaar::storage {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

template <typename Record>
void RoundTrip(std::string_view in) {
  Record r{};
  if (!Decode(in, &r)) return;
  const std::string once = Encode(r);
  Record again{};
  Check(Decode(once, &again));
  Check(Encode(again) == once);
}

void RoundTripSeq(std::string_view in) {
  uint64_t seq = 0;
  if (!Decode(in, &seq)) return;
  Check(EncodeSeq(seq) == in);
}

void RoundTripRole(std::string_view in) {
  Role role{};
  if (!Decode(in, &role)) return;
  Check(EncodeRole(role) == in);
}

}  // namespace
}  // namespace weerbaar::storage

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weerbaar::storage;
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);  // malformed input is expected here
    return true;
  }();
  (void)quiet;
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 9) {
    case 0:
      return RoundTrip<UserRecord>(in), 0;
    case 1:
      return RoundTrip<DeviceRecord>(in), 0;
    case 2:
      return RoundTrip<CommunityRecord>(in), 0;
    case 3:
      return RoundTrip<GroupRecord>(in), 0;
    case 4:
      return RoundTrip<InviteRecord>(in), 0;
    case 5:
      return RoundTrip<StoredMessage>(in), 0;
    case 6:
      return RoundTrip<InboxEntry>(in), 0;
    case 7:
      return RoundTripSeq(in), 0;
    default:
      return RoundTripRole(in), 0;
  }
}
