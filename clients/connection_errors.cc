// The parts of connection.h that need no Beast: mapping server errors and close codes.
#include <string>

#include "clients/connection.h"

namespace weerbaar::client {
namespace {

Code CodeFor(v1::ErrorCode code) {
  switch (code) {
    case v1::BAD_REQUEST:
      return Code::kInvalidArgument;
    case v1::UNAUTHENTICATED:
      return Code::kUnauthenticated;
    case v1::PERMISSION_DENIED:
    case v1::INVITE_INVALID:
      return Code::kPermissionDenied;
    case v1::NOT_FOUND:
      return Code::kNotFound;
    case v1::ALREADY_EXISTS:
      return Code::kAlreadyExists;
    case v1::STALE_EPOCH:
      return Code::kFailedPrecondition;
    case v1::RATE_LIMITED:
    case v1::TOO_LARGE:
      return Code::kResourceExhausted;
    case v1::UNAVAILABLE:
      return Code::kUnavailable;
    default:
      return Code::kInternal;
  }
}

std::string_view CloseCodeName(uint16_t code) {
  switch (code) {
    case 1000:
      return "normal closure";
    case 1001:
      return "going away";
    case 1002:
      return "protocol error";
    case 1003:
      return "unsupported data";
    case 1007:
      return "invalid payload";
    case 1008:
      return "policy violation";
    case 1009:
      return "message too big";
    case 1011:
      return "internal error";
    case 1013:
      return "try again later";
    default:
      return "unknown reason";
  }
}

// The server's text is untrusted: keep it printable and short, so it stays one line.
std::string Printable(std::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    unsigned char u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? ' ' : c);
  }
  return out;
}

}  // namespace

Status StatusFromServerError(const v1::Error& error) {
  std::string message = "server: " + v1::ErrorCode_Name(error.code());
  if (message == "server: ") message += "UNKNOWN_ERROR";
  if (!error.message().empty()) message += ": " + Printable(error.message(), 200);
  return Status(CodeFor(error.code()), std::move(message));
}

std::string DescribeCloseCode(uint16_t code) {
  return std::to_string(code) + " " + std::string(CloseCodeName(code));
}

std::string DescribeClose(uint16_t code, std::string_view reason) {
  std::string text = "server closed the connection: " + DescribeCloseCode(code);
  if (!reason.empty()) text += ": " + Printable(reason, 123);
  return text;
}

}  // namespace weerbaar::client
