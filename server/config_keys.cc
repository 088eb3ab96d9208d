#include "server/config_keys.h"

#include <toml++/toml.h>

#include <limits>
#include <variant>

#include "server/config.h"

namespace weerbaar::server {
namespace {

// One key: how to apply a TOML value to a Config, and how to show its current value.
struct Key;
using IntField = std::variant<size_t*, uint32_t*>;
Status ApplyInt(const Key& key, const toml::node& node, Config& config);
std::string ShowInt(const Key& key, const Config& config);

// One key. Integer keys set `field` and a range; the others set `apply` and `show`.
struct Key {
  const char* name;
  const char* help;
  IntField (*field)(Config& config) = nullptr;
  int64_t lo = 0, hi = 0;
  Status (*apply)(const toml::node& node, Config& config) = nullptr;
  std::string (*show)(const Config& config) = nullptr;

  Status Apply(const toml::node& node, Config& config) const {
    return field ? ApplyInt(*this, node, config) : apply(node, config);
  }
  std::string Show(const Config& config) const {
    return field ? ShowInt(*this, config) : show(config);
  }
};

Status WrongType(const char* name, const char* want) {
  return InvalidArgument(std::string(name) + " must be " + want);
}

Status ApplyInt(const Key& key, const toml::node& node, Config& config) {
  std::optional<int64_t> v = node.value_exact<int64_t>();
  if (!v) return WrongType(key.name, "an integer");
  if (*v < key.lo || *v > key.hi)
    return InvalidArgument(std::string(key.name) + " must be between " + std::to_string(key.lo) +
                           " and " + std::to_string(key.hi));
  std::visit([&](auto* field) { *field = static_cast<std::remove_pointer_t<decltype(field)>>(*v); },
             key.field(config));
  return Status::Ok();
}

std::string ShowInt(const Key& key, const Config& config) {
  Config copy = config;
  return std::visit([](auto* field) { return std::to_string(*field); }, key.field(copy));
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Status ApplyListen(const toml::node& node, Config& config) {
  std::optional<std::string> v = node.value_exact<std::string>();
  if (!v) return WrongType("listen", "a string");
  WB_ASSIGN_OR_RETURN(config.listen, ParseListen(*v));
  return Status::Ok();
}

Status ApplyDataDir(const toml::node& node, Config& config) {
  std::optional<std::string> v = node.value_exact<std::string>();
  if (!v) return WrongType("data_dir", "a string");
  config.data_dir = *v;
  return Status::Ok();
}

Status ApplyOrigins(const toml::node& node, Config& config) {
  const toml::array* list = node.as_array();
  if (list == nullptr) return WrongType("allowed_origins", "a list of strings");
  config.allowed_origins.clear();
  for (const toml::node& item : *list) {
    std::optional<std::string> v = item.value_exact<std::string>();
    if (!v) return WrongType("allowed_origins", "a list of strings");
    config.allowed_origins.push_back(*v);
  }
  return Status::Ok();
}

std::string ShowOrigins(const Config& config) {
  std::string out = "[";
  for (size_t i = 0; i < config.allowed_origins.size(); ++i)
    out += (i ? ", " : "") + Quote(config.allowed_origins[i]);
  return out + "]";
}

Status ApplyString(const char* name, const toml::node& node, std::string& field) {
  std::optional<std::string> v = node.value_exact<std::string>();
  if (!v) return WrongType(name, "a string");
  field = *v;
  return Status::Ok();
}

Status ApplyLogLevel(const toml::node& node, Config& config) {
  return ApplyString("log_level", node, config.log_level);
}
Status ApplyTlsCert(const toml::node& node, Config& config) {
  return ApplyString("tls_cert_file", node, config.tls_cert_file);
}
Status ApplyTlsKey(const toml::node& node, Config& config) {
  return ApplyString("tls_key_file", node, config.tls_key_file);
}
Status ApplyWebRoot(const toml::node& node, Config& config) {
  return ApplyString("web_root", node, config.web_root);
}
Status ApplyMapTilesDir(const toml::node& node, Config& config) {
  return ApplyString("map_tiles_dir", node, config.map_tiles_dir);
}

constexpr int64_t kU32 = std::numeric_limits<uint32_t>::max();

#define WB_INT_KEY(key, help, expr, lo, hi)                          \
  Key {                                                              \
#key, help, [](Config & x) -> IntField { return &expr; }, lo, hi \
  }

const Key kKeys[] = {
    {"listen", "Address and port to listen on (HTTP and WebSocket on one port).", nullptr, 0, 0,
     ApplyListen, [](const Config& c) { return Quote(FormatListen(c.listen)); }},
    {"data_dir", "Data folder (key file, database); the --data flag overrides it.", nullptr, 0, 0,
     ApplyDataDir, [](const Config& c) { return Quote(c.data_dir); }},
    {"allowed_origins",
     "Browser origins allowed to connect; clients that send no Origin are always allowed.", nullptr,
     0, 0, ApplyOrigins, ShowOrigins},
    WB_INT_KEY(max_frame_bytes, "Largest WebSocket message accepted from a client, in bytes.",
               x.limits.max_frame_bytes, 1024, 16 << 20),
    WB_INT_KEY(max_ciphertext_bytes, "Largest group message ciphertext, in bytes.",
               x.limits.max_ciphertext_bytes, 64, 16 << 20),
    WB_INT_KEY(max_direct_payload_bytes, "Largest pairwise (inbox) payload, in bytes.",
               x.limits.max_direct_payload_bytes, 64, 16 << 20),
    WB_INT_KEY(max_direct_envelopes, "Most envelopes in one SendDirect request.",
               x.limits.max_direct_envelopes, 1, 10000),
    WB_INT_KEY(max_name_bytes, "Longest community, group or display name, in bytes.",
               x.limits.max_name_bytes, 8, 4096),
    WB_INT_KEY(max_invite_bytes, "Longest invite token accepted, in bytes.",
               x.limits.max_invite_bytes, 44, 4096),
    WB_INT_KEY(max_sync_limit, "Most messages a client may ask for in one sync request.",
               x.limits.max_sync_limit, 1, 10000),
    WB_INT_KEY(max_invite_ttl_seconds, "Longest lifetime a client may ask for an invite.",
               x.limits.max_invite_ttl_seconds, 60, kU32),
    WB_INT_KEY(default_sync_limit, "Messages per sync reply when the client asks for 0.",
               x.default_sync_limit, 1, 10000),
    WB_INT_KEY(send_queue_max_messages,
               "Frames queued per connection before it is closed with 1013 (resync).",
               x.send_queue_max_messages, 1, 1 << 20),
    WB_INT_KEY(send_queue_max_bytes, "Bytes queued per connection before it is closed with 1013.",
               x.send_queue_max_bytes, 2 * kMaxSyncReplyBytes, 1LL << 32),
    WB_INT_KEY(handshake_timeout_ms, "Deadline for an HTTP request and WebSocket handshakes.",
               x.handshake_timeout_ms, 100, 600000),
    WB_INT_KEY(auth_timeout_ms, "Deadline from the challenge to Authenticate or Register.",
               x.auth_timeout_ms, 100, 600000),
    WB_INT_KEY(idle_timeout_ms, "Close a silent connection after this long (ping at half).",
               x.idle_timeout_ms, 1000, 3600000),
    WB_INT_KEY(max_connections, "Open connections; sockets over the cap are closed at once.",
               x.max_connections, 1, 10000000),
    WB_INT_KEY(conn_messages_per_second,
               "Requests a second one connection may make after authentication (refill rate).",
               x.connection_rate.per_second, 1, 1000000),
    WB_INT_KEY(conn_message_burst, "Requests one connection may make in a burst.",
               x.connection_rate.burst, 1, 1000000),
    WB_INT_KEY(user_messages_per_second,
               "Requests a second one user may make over all her connections (refill rate).",
               x.user_rate.per_second, 1, 1000000),
    WB_INT_KEY(user_message_burst, "Requests one user may make in a burst.", x.user_rate.burst, 1,
               1000000),
    WB_INT_KEY(rate_limit_strikes,
               "Rate-limited requests in a row before the connection is closed with 1008.",
               x.rate_limit_strikes, 1, 1000000),
    {"tls_cert_file",
     "PEM certificate chain for TLS in the server (wss://); empty: plain ws:// (TLS in a proxy).",
     nullptr, 0, 0, ApplyTlsCert, [](const Config& c) { return Quote(c.tls_cert_file); }},
    {"tls_key_file", "PEM private key for tls_cert_file (keep it mode 0600).", nullptr, 0, 0,
     ApplyTlsKey, [](const Config& c) { return Quote(c.tls_key_file); }},
    {"web_root", "Folder of static files (the built web client) to serve; empty: none.", nullptr, 0,
     0, ApplyWebRoot, [](const Config& c) { return Quote(c.web_root); }},
    {"map_tiles_dir",
     "Folder of map tiles (tiles.json and z/x/y.png) served below /tiles/; empty: none.", nullptr,
     0, 0, ApplyMapTilesDir, [](const Config& c) { return Quote(c.map_tiles_dir); }},
    WB_INT_KEY(invite_ttl_seconds, "Lifetime of an invite when the client asks for 0.",
               x.invite_ttl_seconds, 60, kU32),
    WB_INT_KEY(trend_k, "Distinct reporters a trend cell needs to be shown (k-anonymity).",
               x.trend_k, 2, 1000),
    WB_INT_KEY(trend_coarsest_length, "Geohash length where trend roll-up stops (suppressed).",
               x.trend_coarsest_length, 1, 8),
    WB_INT_KEY(trend_max_cards, "Most cards of a channel one trend request reads.",
               x.trend_max_cards, 1, 10000000),
    WB_INT_KEY(max_thread_entries, "Questions, updates and answers kept per shared report.",
               x.max_thread_entries, 1, 1000),
    WB_INT_KEY(http_signature_skew_seconds,
               "Most a signed HTTP request's time may differ from the server clock.",
               x.http_signature_skew_seconds, 10, 3600),
    WB_INT_KEY(http_nonce_cache_entries, "Signed HTTP request nonces remembered (replays).",
               x.http_nonce_cache_entries, 100, 10000000),
    WB_INT_KEY(open311_max_requests, "Most cards one Open311 requests.json answer lists.",
               x.open311_max_requests, 1, 100000),
    WB_INT_KEY(open311_default_days, "Days an Open311 request list covers without dates.",
               x.open311_default_days, 1, 3650),
    WB_INT_KEY(max_sealed_details_bytes, "Largest sealed details of a shared report, in bytes.",
               x.limits.max_sealed_details_bytes, 73, 16 << 20),
    WB_INT_KEY(max_sealed_photo_bytes, "Largest sealed photo of a shared report, in bytes.",
               x.limits.max_sealed_photo_bytes, 73, 16 << 20),
    WB_INT_KEY(max_thread_entry_bytes, "Largest sealed question or answer, in bytes.",
               x.limits.max_thread_entry_bytes, 73, 1 << 20),
    WB_INT_KEY(max_share_update_bytes, "Largest sealed partner update of a share, in bytes.",
               x.limits.max_share_update_bytes, 73, 64 << 10),
    WB_INT_KEY(sweep_interval_seconds,
               "Seconds between sweeps that delete expired records and their data keys.",
               x.sweep_interval_seconds, 1, 86400),
    WB_INT_KEY(max_export_bytes, "Largest account export (JSON) sent in one reply, in bytes.",
               x.max_export_bytes, 64 << 10, 15 << 20),
    WB_INT_KEY(max_background_tasks,
               "Audit verifications and exports waiting for the background worker.",
               x.max_background_tasks, 1, 1024),
    {"log_level", "One of trace, debug, info, warn, error, critical, off.", nullptr, 0, 0,
     ApplyLogLevel, [](const Config& c) { return Quote(c.log_level); }},
};

#undef WB_INT_KEY

const Key* FindKey(std::string_view name) {
  for (const Key& k : kKeys)
    if (name == k.name) return &k;
  return nullptr;
}

Status ApplyTable(const toml::table& table, Config& config) {
  for (const auto& [name, node] : table) {
    const Key* key = FindKey(name.str());
    if (key == nullptr) return InvalidArgument("unknown setting: " + std::string(name.str()));
    WB_RETURN_IF_ERROR(key->Apply(node, config));
  }
  return Status::Ok();
}

}  // namespace

std::vector<ConfigKeyDoc> DescribeConfig(const Config& config) {
  std::vector<ConfigKeyDoc> out;
  for (const Key& k : kKeys) out.push_back({k.name, k.help, k.Show(config)});
  return out;
}

// toml++ is built with exceptions; they are caught here, at start-up, never on a message path.
Result<Config> ParseConfig(std::string_view toml_text, Config base) {
  toml::table table;
  try {
    table = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("config line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  WB_RETURN_IF_ERROR(ApplyTable(table, base));
  WB_RETURN_IF_ERROR(ValidateConfig(base));
  return base;
}

}  // namespace weerbaar::server
