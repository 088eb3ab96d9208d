#include "protocol/http_signature.h"

#include <charconv>
#include <map>

#include "protocol/codec.h"

namespace weerbaar::protocol {
namespace {

constexpr size_t kNonceBytes = 16;  // ids and signatures: the sizes of protocol/codec.h

Status Bad(std::string what) { return InvalidArgument("authorization: " + std::move(what)); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// key="value" pairs separated by commas; values hold no quote, comma or backslash.
Result<std::map<std::string, std::string>> Params(std::string_view rest) {
  std::map<std::string, std::string> out;
  while (!Trim(rest).empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) return Bad("parameter without a value");
    std::string_view value = item.substr(eq + 1);
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
      return Bad("parameter value not quoted");
    value = value.substr(1, value.size() - 2);
    if (value.find_first_of("\"\\") != std::string_view::npos) return Bad("bad parameter value");
    if (!out.emplace(std::string(Trim(item.substr(0, eq))), std::string(value)).second)
      return Bad("repeated parameter");
  }
  return out;
}

Result<std::string> Fixed(std::optional<Bytes> decoded, size_t size, const char* name) {
  if (!decoded || decoded->size() != size) return Bad(std::string("bad ") + name);
  return ToString(*decoded);
}

}  // namespace

Result<HttpSignature> ParseHttpSignature(std::string_view authorization) {
  authorization = Trim(authorization);
  if (authorization.substr(0, kHttpSignatureScheme.size()) != kHttpSignatureScheme ||
      authorization.size() == kHttpSignatureScheme.size() ||
      authorization[kHttpSignatureScheme.size()] != ' ')
    return Bad("not a Weerbaar-Signature");
  WB_ASSIGN_OR_RETURN(auto params, Params(authorization.substr(kHttpSignatureScheme.size())));
  if (params.size() != 4 || !params.count("device") || !params.count("time") ||
      !params.count("nonce") || !params.count("signature"))
    return Bad("needs exactly device, time, nonce and signature");
  HttpSignature sig;
  WB_ASSIGN_OR_RETURN(sig.device_id, Fixed(HexDecode(params["device"]), kIdBytes, "device"));
  WB_ASSIGN_OR_RETURN(sig.nonce, Fixed(HexDecode(params["nonce"]), kNonceBytes, "nonce"));
  WB_ASSIGN_OR_RETURN(sig.signature,
                      Fixed(Base64UrlDecode(params["signature"]), kSignatureBytes, "signature"));
  const std::string& time = params["time"];
  auto [end, ec] = std::from_chars(time.data(), time.data() + time.size(), sig.time_ms);
  if (ec != std::errc() || end != time.data() + time.size() || time.size() > 16)
    return Bad("bad time");
  return sig;
}

std::string FormatHttpSignature(const HttpSignature& sig) {
  return std::string(kHttpSignatureScheme) + " device=\"" + HexEncode(AsBytes(sig.device_id)) +
         "\", time=\"" + std::to_string(sig.time_ms) + "\", nonce=\"" +
         HexEncode(AsBytes(sig.nonce)) + "\", signature=\"" +
         Base64UrlEncode(AsBytes(sig.signature)) + "\"";
}

}  // namespace weerbaar::protocol
