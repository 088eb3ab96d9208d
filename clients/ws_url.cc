#include "clients/ws_url.h"

#include <algorithm>
#include <cctype>

namespace weerbaar::client {
namespace {

bool IsPort(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  if (!std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int v = std::stoi(std::string(p));
  return v > 0 && v <= 65535;
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

// Splits "host[:port]" or "[v6][:port]" into host and port.
Status SplitAuthority(std::string_view a, WsUrl& out) {
  std::string_view port;
  bool has_port = false;
  if (!a.empty() && a.front() == '[') {
    size_t close = a.find(']');
    if (close == std::string_view::npos) return InvalidArgument("unterminated IPv6 address");
    out.host = std::string(a.substr(1, close - 1));
    std::string_view rest = a.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return InvalidArgument("bad server address");
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    size_t colon = a.rfind(':');
    has_port = colon != std::string_view::npos;
    out.host = std::string(a.substr(0, colon));
    if (has_port) port = a.substr(colon + 1);
    if (!std::all_of(out.host.begin(), out.host.end(), IsHostChar))
      return InvalidArgument("bad host name in server address");
  }
  if (out.host.empty()) return InvalidArgument("server address has no host");
  if (has_port && !IsPort(port)) return InvalidArgument("bad port in server address");
  out.port = has_port ? std::string(port) : "80";
  return Status::Ok();
}

}  // namespace

std::string WsUrl::HostHeader() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + port;
}

Result<WsUrl> ParseWsUrl(std::string_view url) {
  constexpr std::string_view kWs = "ws://", kWss = "wss://";
  if (url.substr(0, kWss.size()) == kWss)
    return InvalidArgument("wss:// is not supported yet; use ws://");
  if (url.substr(0, kWs.size()) != kWs)
    return InvalidArgument("server address must start with ws://");
  std::string_view rest = url.substr(kWs.size());
  size_t slash = rest.find('/');
  WsUrl out;
  WB_RETURN_IF_ERROR(SplitAuthority(rest.substr(0, slash), out));
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  for (char c : out.path)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return InvalidArgument("bad path in server address");
  return out;
}

}  // namespace weerbaar::client
