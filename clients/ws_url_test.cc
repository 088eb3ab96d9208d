#include "clients/ws_url.h"

#include <gtest/gtest.h>

namespace weerbaar::client {
namespace {

TEST(WsUrlTest, ParsesHostPortAndPath) {
  auto url = ParseWsUrl("ws://127.0.0.1:8080/ws");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->path, "/ws");
  EXPECT_EQ(url->HostHeader(), "127.0.0.1:8080");
}

TEST(WsUrlTest, DefaultsToPort80AndTheRootPath) {
  auto url = ParseWsUrl("ws://example.org");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->path, "/");
}

TEST(WsUrlTest, AcceptsBracketedIpv6Literals) {
  auto url = ParseWsUrl("ws://[::1]:9000/");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "9000");
  EXPECT_EQ(url->HostHeader(), "[::1]:9000");
}

TEST(WsUrlTest, RefusesWssUntilTlsIsSupported) {
  auto url = ParseWsUrl("wss://example.org/");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().code(), Code::kInvalidArgument);
  EXPECT_NE(url.status().message().find("wss"), std::string::npos);
}

TEST(WsUrlTest, RefusesMalformedAddresses) {
  for (const char* bad :
       {"http://host/", "ws://", "ws://:80/", "ws://host:/", "ws://host:0/", "ws://host:65536/",
        "ws://host:12ab/", "ws://[::1/", "ws://ho st/", "ws://host/pa th", "127.0.0.1:80"}) {
    EXPECT_FALSE(ParseWsUrl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace weerbaar::client
