// Fuzz target: decoding and validating a client frame must never crash, and every frame
// it accepts must re-encode and decode to the same message.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const weerbaar::protocol::Limits limits;
  // protobuf logs every string field that is not UTF-8; at millions of inputs that is
  // most of the run time.
  [[maybe_unused]] static auto* quiet = google::protobuf::SetLogHandler(nullptr);
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto msg = weerbaar::protocol::DecodeClientMessage(frame, limits);
  if (msg.ok()) {
    std::string again = weerbaar::protocol::Encode(*msg);
    auto round = weerbaar::protocol::DecodeClientMessage(again, limits);
    if (!round.ok() || weerbaar::protocol::Encode(*round) != again) std::abort();
  }
  weerbaar::protocol::DecodeServerMessage(frame).ok();
  return 0;
}
