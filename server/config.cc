#include "server/config.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "server/config_keys.h"

namespace weerbaar::server {
namespace {

Status Bad(const std::string& key, const std::string& why) {
  return InvalidArgument(key + " " + why);
}

// An origin is scheme://host[:port] with nothing after it, as browsers send it.
bool LooksLikeOrigin(std::string_view o) {
  size_t scheme = o.starts_with("http://") ? 7 : o.starts_with("https://") ? 8 : 0;
  if (scheme == 0 || o.size() == scheme) return false;
  for (char c : o.substr(scheme))
    if (c == '/' || c == '?' || c == '#' || c == ' ' || c < 0x20) return false;
  return true;
}

Status ValidateLimits(const protocol::Limits& l) {
  // A group message frame carries the ciphertext plus ids and framing.
  if (l.max_ciphertext_bytes + 256 > l.max_frame_bytes)
    return Bad("max_ciphertext_bytes", "must be at least 256 below max_frame_bytes");
  if (l.max_direct_payload_bytes + 256 > l.max_frame_bytes)
    return Bad("max_direct_payload_bytes", "must be at least 256 below max_frame_bytes");
  return Status::Ok();
}

}  // namespace

Result<ListenAddress> ParseListen(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return InvalidArgument("listen: want host:port");
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return InvalidArgument("listen: bad IPv6 host");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return InvalidArgument("listen: IPv6 hosts need brackets");
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
    return InvalidArgument("listen: bad port");
  return ListenAddress{std::string(host), static_cast<uint16_t>(value)};
}

std::string FormatListen(const ListenAddress& a) {
  bool v6 = a.host.find(':') != std::string::npos;
  return (v6 ? "[" + a.host + "]" : a.host) + ":" + std::to_string(a.port);
}

Status ValidateConfig(const Config& c) {
  if (c.listen.host.empty()) return Bad("listen", "needs a host");
  for (const std::string& o : c.allowed_origins)
    if (!LooksLikeOrigin(o))
      return Bad("allowed_origins", "entries must look like https://host[:port]");
  WB_RETURN_IF_ERROR(ValidateLimits(c.limits));
  if (c.default_sync_limit > c.limits.max_sync_limit)
    return Bad("default_sync_limit", "must not exceed max_sync_limit");
  if (c.invite_ttl_seconds > c.limits.max_invite_ttl_seconds)
    return Bad("invite_ttl_seconds", "must not exceed max_invite_ttl_seconds");
  if (c.send_queue_max_bytes < 2 * kMaxSyncReplyBytes || c.send_queue_max_messages == 0)
    return Bad("send_queue_max_bytes", "must be at least 2 MiB");
  if (c.max_export_bytes + 4096 > c.send_queue_max_bytes)
    return Bad("max_export_bytes", "must be at least 4096 below send_queue_max_bytes");
  if (c.tls_cert_file.empty() != c.tls_key_file.empty())
    return Bad("tls_cert_file", "and tls_key_file must be set together");
  static constexpr std::string_view kLevels[] = {"trace", "debug",    "info", "warn",
                                                 "error", "critical", "off"};
  for (std::string_view level : kLevels)
    if (c.log_level == level) return Status::Ok();
  return Bad("log_level", "must be one of trace, debug, info, warn, error, critical, off");
}

Result<Config> LoadConfigFile(const std::string& path, Config base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read config file " + path);
  std::stringstream text;
  text << in.rdbuf();
  Result<Config> config = ParseConfig(text.str(), std::move(base));
  if (!config.ok()) return InvalidArgument(path + ": " + config.status().message());
  return config;
}

std::string DefaultConfigToml() {
  std::string out =
      "# Weerbaar server configuration.\n"
      "# Every setting is listed with its default value, commented out; uncomment to change.\n"
      "# Unknown keys are refused.\n";
  for (const ConfigKeyDoc& key : DescribeConfig(Config{}))
    out += "\n# " + key.help + "\n# " + key.name + " = " + key.value + "\n";
  return out;
}

}  // namespace weerbaar::server
