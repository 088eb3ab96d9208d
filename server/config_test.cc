#include "server/config.h"

#include <gtest/gtest.h>

#include <regex>

namespace weerbaar::server {
namespace {

TEST(ConfigTest, HasValidDefaults) {
  Config c;
  EXPECT_TRUE(ValidateConfig(c).ok());
  EXPECT_EQ(FormatListen(c.listen), "127.0.0.1:7447");
  EXPECT_EQ(c.limits.max_frame_bytes, 64u * 1024);
  EXPECT_EQ(c.send_queue_max_messages, 256u);
  EXPECT_EQ(c.send_queue_max_bytes, 4u << 20);
  EXPECT_EQ(c.handshake_timeout_ms, 5000u);
  EXPECT_EQ(c.auth_timeout_ms, 10000u);
  EXPECT_EQ(c.idle_timeout_ms, 60000u);
  EXPECT_EQ(c.max_connections, 20000u);
  EXPECT_EQ(c.invite_ttl_seconds, 7u * 24 * 3600);
  EXPECT_TRUE(c.allowed_origins.empty());
}

TEST(ConfigTest, ReadsTheDefaultFileAsTheDefaults) {
  Result<Config> c = ParseConfig(DefaultConfigToml());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->limits.max_frame_bytes, Config{}.limits.max_frame_bytes);
}

// Uncommenting every setting of the default file must give a valid file with the defaults:
// proves that every line is real TOML and that every key shown is known.
TEST(ConfigTest, WritesEverySettingWithAHelpLineAndItsDefault) {
  std::string text = DefaultConfigToml();
  std::string uncommented =
      std::regex_replace(text, std::regex("^# ([a-z_]+ = )", std::regex::multiline), "$1");
  Result<Config> c = ParseConfig(uncommented);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->limits.max_sync_limit, Config{}.limits.max_sync_limit);
  EXPECT_EQ(c->log_level, "info");
  for (const char* key :
       {"listen", "allowed_origins", "max_frame_bytes", "max_ciphertext_bytes",
        "max_direct_payload_bytes", "max_direct_envelopes", "max_name_bytes", "max_invite_bytes",
        "max_sync_limit", "max_invite_ttl_seconds", "send_queue_max_messages",
        "send_queue_max_bytes", "handshake_timeout_ms", "auth_timeout_ms", "idle_timeout_ms",
        "max_connections", "invite_ttl_seconds", "log_level", "data_dir"}) {
    std::regex line(std::string("\n# [^\n]+\n# ") + key + " = ");
    EXPECT_TRUE(std::regex_search(text, line)) << key;
  }
}

TEST(ConfigTest, AppliesSettingsFromTheFile) {
  Result<Config> c = ParseConfig(R"(
listen = "[::1]:9000"
allowed_origins = ["https://buurt.example", "http://localhost:5173"]
max_frame_bytes = 131072
max_sync_limit = 50
default_sync_limit = 20
log_level = "debug"
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen.host, "::1");
  EXPECT_EQ(c->listen.port, 9000);
  ASSERT_EQ(c->allowed_origins.size(), 2u);
  EXPECT_EQ(c->allowed_origins[1], "http://localhost:5173");
  EXPECT_EQ(c->limits.max_frame_bytes, 131072u);
  EXPECT_EQ(c->limits.max_sync_limit, 50u);
  EXPECT_EQ(c->default_sync_limit, 20u);
  EXPECT_EQ(c->log_level, "debug");
}

TEST(ConfigTest, AppliesRateLimitsTlsWebRootAndMapTiles) {
  Result<Config> c = ParseConfig(R"(
conn_messages_per_second = 5
conn_message_burst = 10
user_messages_per_second = 7
user_message_burst = 30
rate_limit_strikes = 3
tls_cert_file = "/etc/weerbaar/cert.pem"
tls_key_file = "/etc/weerbaar/key.pem"
web_root = "/srv/weerbaar/web"
map_tiles_dir = "/srv/weerbaar/tiles"
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->connection_rate.per_second, 5u);
  EXPECT_EQ(c->connection_rate.burst, 10u);
  EXPECT_EQ(c->user_rate.per_second, 7u);
  EXPECT_EQ(c->user_rate.burst, 30u);
  EXPECT_EQ(c->rate_limit_strikes, 3u);
  EXPECT_EQ(c->tls_cert_file, "/etc/weerbaar/cert.pem");
  EXPECT_EQ(c->tls_key_file, "/etc/weerbaar/key.pem");
  EXPECT_EQ(c->web_root, "/srv/weerbaar/web");
  EXPECT_EQ(c->map_tiles_dir, "/srv/weerbaar/tiles");
}

TEST(ConfigTest, ServesNoMapTilesUnlessAFolderIsConfigured) {
  EXPECT_EQ(Config{}.map_tiles_dir, "");
  EXPECT_NE(DefaultConfigToml().find("\n# map_tiles_dir = \"\"\n"), std::string::npos);
}

TEST(ConfigTest, AppliesTheSweepIntervalWithinItsBounds) {
  EXPECT_EQ(Config{}.sweep_interval_seconds, 60u);
  EXPECT_NE(DefaultConfigToml().find("\n# sweep_interval_seconds = 60\n"), std::string::npos);
  Result<Config> c = ParseConfig("sweep_interval_seconds = 300\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->sweep_interval_seconds, 300u);
  EXPECT_FALSE(ParseConfig("sweep_interval_seconds = 0\n").ok());
  EXPECT_FALSE(ParseConfig("sweep_interval_seconds = 86401\n").ok());
}

TEST(ConfigTest, KeepsTheExportLimitBelowTheSendQueue) {
  EXPECT_EQ(Config{}.max_export_bytes, size_t{3} << 20);
  EXPECT_FALSE(ParseConfig("max_export_bytes = 4194304\n").ok());  // the send queue's size
  Result<Config> c = ParseConfig("max_export_bytes = 1048576\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_export_bytes, 1048576u);
}

TEST(ConfigTest, BoundsTheBackgroundQueue) {
  EXPECT_EQ(Config{}.max_background_tasks, 16u);
  Result<Config> c = ParseConfig("max_background_tasks = 4\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_background_tasks, 4u);
  EXPECT_FALSE(ParseConfig("max_background_tasks = 0\n").ok());
  EXPECT_FALSE(ParseConfig("max_background_tasks = 1025\n").ok());
}

TEST(ConfigTest, KeepsTheBaseForKeysTheFileLeavesOut) {
  Config base;
  base.data_dir = "/srv/weerbaar";
  Result<Config> c = ParseConfig("auth_timeout_ms = 2000\n", base);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->data_dir, "/srv/weerbaar");
  EXPECT_EQ(c->auth_timeout_ms, 2000u);
}

TEST(ConfigTest, RefusesAnUnknownKey) {
  Result<Config> c = ParseConfig("max_frame_byte = 1000\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
  EXPECT_NE(c.status().message().find("max_frame_byte"), std::string::npos);
}

TEST(ConfigTest, RefusesBadValues) {
  const char* bad[] = {
      "max_frame_bytes = \"big\"",                    // wrong type
      "max_frame_bytes = 10",                         // below range
      "max_connections = -1",                         // negative
      "max_frame_bytes = 2048",                       // ciphertext no longer fits a frame
      "default_sync_limit = 600",                     // above max_sync_limit
      "invite_ttl_seconds = 99999999",                // above max_invite_ttl_seconds
      "send_queue_max_bytes = 1024",                  // below two sync replies
      "log_level = \"chatty\"",                       // unknown level
      "listen = \"localhost\"",                       // no port
      "listen = \"127.0.0.1:70000\"",                 // port out of range
      "allowed_origins = [\"buurt.example\"]",        // no scheme
      "allowed_origins = [\"https://a.example/x\"]",  // a path is not an origin
      "allowed_origins = \"https://a.example\"",      // not a list
      "[server]\nlisten = \"127.0.0.1:1\"",           // tables are not settings
      "listen = ",                                    // syntax error
      "conn_messages_per_second = 0",                 // a bucket that never refills
      "user_message_burst = 0",                       // a bucket that is never full
      "rate_limit_strikes = 0",                       // below range
      "tls_cert_file = \"/etc/cert.pem\"",            // without tls_key_file
      "tls_key_file = \"/etc/key.pem\"",              // without tls_cert_file
      "web_root = 1",                                 // wrong type
      "map_tiles_dir = [\"/srv/tiles\"]",             // wrong type
  };
  for (const char* text : bad) {
    // An accepted text has an OK status, so this fails for it too.
    EXPECT_EQ(ParseConfig(text).status().code(), Code::kInvalidArgument) << text;
  }
}

TEST(ConfigTest, ParsesAndFormatsListenAddresses) {
  EXPECT_EQ(ParseListen("0.0.0.0:0")->port, 0);
  EXPECT_EQ(ParseListen("[::]:7447")->host, "::");
  EXPECT_EQ(FormatListen(*ParseListen("[::1]:80")), "[::1]:80");
  EXPECT_FALSE(ParseListen(":80").ok());
  EXPECT_FALSE(ParseListen("::1:80").ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:").ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:8a").ok());
}

TEST(ConfigTest, ReportsAMissingFileAsNotFound) {
  EXPECT_EQ(LoadConfigFile("/nonexistent/weerbaar.toml").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace weerbaar::server
