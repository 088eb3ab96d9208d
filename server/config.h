// Server configuration: defaults, TOML loading and validation.
//
// The file is flat TOML (no tables); every key is optional and has the default shown by
// DefaultConfigToml(). Unknown keys and out-of-range values are refused, so a typo never
// silently falls back to a default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "protocol/codec.h"
#include "server/rate_limit.h"

namespace weerbaar::server {

// A sync reply stops early (more = true) once its payload reaches this many bytes, so a
// reply never outgrows a client's frame limit or the send queue.
inline constexpr size_t kMaxSyncReplyBytes = 1 << 20;

struct ListenAddress {
  std::string host = "127.0.0.1";  // an IP literal; IPv6 without brackets
  uint16_t port = 7447;            // 0: any free port
};

struct Config {
  ListenAddress listen;
  std::string data_dir;  // empty: the --data flag decides
  // Browser origins allowed to open a WebSocket, e.g. "https://buurt.example". Requests
  // without an Origin header (CLI clients) are always allowed; requests with one must
  // match this list or the server's own http://host:port.
  std::vector<std::string> allowed_origins;
  protocol::Limits limits;
  uint32_t default_sync_limit = 100;
  size_t send_queue_max_messages = 256;
  size_t send_queue_max_bytes = 4 << 20;
  uint32_t handshake_timeout_ms = 5000;  // HTTP request read and WebSocket handshakes
  uint32_t auth_timeout_ms = 10000;      // from the challenge to Authenticate/Register
  uint32_t idle_timeout_ms = 60000;      // WebSocket keep-alive (ping at half of it)
  uint32_t max_connections = 20000;
  // Requests after authentication, per connection and per user (all her connections
  // together). A request over either limit gets RATE_LIMITED; `rate_limit_strikes`
  // refused requests in a row close the connection with 1008.
  RateLimit connection_rate{50, 200};
  RateLimit user_rate{100, 400};
  uint32_t rate_limit_strikes = 20;
  // TLS (wss://, https://) in the server itself: PEM files, both set or both empty. Empty:
  // plain ws:// and http:// (terminate TLS in a proxy in front). TLS 1.2 and later only.
  std::string tls_cert_file;
  std::string tls_key_file;
  // A folder of static files (the built web client) served for GET requests other than
  // /healthz, /metrics and WebSocket upgrades. Empty: no static files (404).
  std::string web_root;
  // A folder of map tiles (docs/operations.md: a TileJSON tiles.json and z/x/y.png raster
  // tiles) served below /tiles/ with the static-file rules. Empty: /tiles/ answers 404.
  std::string map_tiles_dir;
  uint32_t invite_ttl_seconds = 7 * 24 * 3600;
  // Signal trends (docs/signals.md): a cell with fewer distinct reporters than trend_k is
  // rolled up, and suppressed at trend_coarsest_length; a trend request reads at most
  // trend_max_cards cards of the channel.
  uint32_t trend_k = 5;
  uint32_t trend_coarsest_length = 4;
  uint32_t trend_max_cards = 100000;
  // Questions, updates and answers kept per share.
  uint32_t max_thread_entries = 50;
  // Open311 GeoReport v2 over signed HTTP (docs/signals.md): a request's signed time may
  // differ from the server's clock by at most http_signature_skew_seconds; nonces are
  // remembered that long, at most http_nonce_cache_entries of them (503 when full of live
  // ones). A requests.json answer lists at most open311_max_requests cards, of the last
  // open311_default_days days unless start_date / end_date say otherwise.
  uint32_t http_signature_skew_seconds = 300;
  uint32_t http_nonce_cache_entries = 100000;
  uint32_t open311_max_requests = 1000;
  uint32_t open311_default_days = 90;
  // How often the sweeper deletes expired records and destroys their data keys
  // (docs/retention.md). Reads hide expired records at once whatever this is.
  uint32_t sweep_interval_seconds = 60;
  // The largest account export (its JSON) sent in one reply; a larger one is refused with
  // TOO_LARGE. At most send_queue_max_bytes - 4096.
  size_t max_export_bytes = 3 << 20;
  // Slow reads (audit verifications, account exports) waiting for the background worker;
  // one more is refused with RATE_LIMITED.
  uint32_t max_background_tasks = 16;
  std::string log_level = "info";
};

// Parses "host:port" or "[v6]:port". kInvalidArgument if malformed.
Result<ListenAddress> ParseListen(std::string_view text);
// The inverse of ParseListen.
std::string FormatListen(const ListenAddress& address);

// Cross-field and range checks; kInvalidArgument naming the offending key.
Status ValidateConfig(const Config& config);

// Applies the keys in `toml_text` over `base`, then validates the result.
// kInvalidArgument for a syntax error, an unknown key, a wrong type or a bad value.
Result<Config> ParseConfig(std::string_view toml_text, Config base = {});

// Reads and parses a file. kNotFound if it does not exist.
Result<Config> LoadConfigFile(const std::string& path, Config base = {});

// A complete configuration file: every setting with a one-line explanation, all commented
// out at its default value.
std::string DefaultConfigToml();

}  // namespace weerbaar::server
