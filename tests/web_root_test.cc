// Static files (web_root, and map_tiles_dir below /tiles/) against the real binary: content
// types, security headers, and every traversal attempt refused without leaking a file
// outside the root.
#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/primitives.h"
#include "tests/harness.h"
#include "tests/raw_http.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

constexpr char kSecret[] = "secret-outside-the-web-root-4d1c";

// The real server in a temp folder, started with a config file of the test's choice.
class ServedFolderTest : public ::testing::Test {
 protected:
  // Starts the server with `toml` as its config file.
  void Start(const std::string& toml) {
    std::string config = tmp_.Sub("served.toml");
    ASSERT_TRUE(WriteTextFile(config, toml));
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"),
                                              std::vector<std::string>{"--config", config});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }

  std::string Get(const std::string& target) { return HttpGet(server_->port(), target); }

  TempDir tmp_;
  std::string root_ = tmp_.Sub("web");
  std::unique_ptr<ServerProcess> server_;
};

class WebRootTest : public ServedFolderTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    std::filesystem::create_directories(root_ + "/assets");
    for (const char* name :
         {"index.html", "assets/app.js", "assets/app.css", "logo.svg", "icon.png", "data.json",
          "assets/sodium.wasm", "favicon.ico", "app.webmanifest"})
      ASSERT_TRUE(WriteTextFile(root_ + "/" + name, std::string("content of ") + name));
    ASSERT_TRUE(WriteTextFile(tmp_.Sub("secret.txt"), kSecret));
    std::filesystem::create_symlink(tmp_.Sub("secret.txt"), root_ + "/escape.txt");
    ASSERT_NO_FATAL_FAILURE(Start("web_root = \"" + root_ + "\"\n"));
  }
};

TEST_F(WebRootTest, ServesIndexWithAStrictPolicy) {
  std::string res = Get("/");
  EXPECT_EQ(HttpStatus(res), 200);
  EXPECT_EQ(HttpBody(res), "content of index.html");
  EXPECT_EQ(HttpHeader(res, "Content-Type"), "text/html; charset=utf-8");
  std::string csp = HttpHeader(res, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("connect-src 'self' ws: wss:"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(HttpHeader(res, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HttpHeader(res, "Referrer-Policy"), "no-referrer");
}

TEST_F(WebRootTest, SendsTheContentTypeOfEachFile) {
  struct Row {
    const char* target;
    const char* type;
  } rows[] = {
      {"/assets/app.js", "text/javascript; charset=utf-8"},
      {"/assets/app.css", "text/css; charset=utf-8"},
      {"/logo.svg", "image/svg+xml"},
      {"/icon.png", "image/png"},
      {"/data.json", "application/json"},
      {"/assets/sodium.wasm", "application/wasm"},
      {"/favicon.ico", "image/x-icon"},
      {"/app.webmanifest", "application/manifest+json"},
  };
  for (const Row& r : rows) {
    std::string res = Get(r.target);
    EXPECT_EQ(HttpStatus(res), 200) << r.target;
    EXPECT_EQ(HttpHeader(res, "Content-Type"), r.type) << r.target;
  }
}

TEST_F(WebRootTest, RefusesEveryTraversalAttempt) {
  const char* attempts[] = {
      "/../secret.txt",         "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",     "/%2E%2E%2Fsecret.txt",
      "/..%2fsecret.txt",       "/.%2e/secret.txt",
      "/..%5csecret.txt",       "/escape.txt",
      "//secret.txt",           "/assets/..%2f..%2fsecret.txt",
      "/%252e%252e/secret.txt", "/..;/secret.txt",
  };
  for (const char* target : attempts) {
    std::string res = Get(target);
    EXPECT_EQ(HttpStatus(res), 404) << target;
    EXPECT_EQ(res.find(kSecret), std::string::npos) << target;
  }
  // An absolute-form target is not a path below the root either.
  std::string res = HttpExchange(server_->port(),
                                 "GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: a\r\n"
                                 "Connection: close\r\n\r\n");
  EXPECT_EQ(res.find(kSecret), std::string::npos);
  EXPECT_NE(HttpStatus(res), 200);
}

TEST_F(WebRootTest, AnswersOtherMethodsWith405AndKeepsTheOtherRoutes) {
  std::string res = HttpExchange(server_->port(),
                                 "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
                                 "Connection: close\r\n\r\n");
  EXPECT_EQ(HttpStatus(res), 405);
  EXPECT_EQ(HttpHeader(res, "Allow"), "GET, HEAD");
  EXPECT_TRUE(Healthy(server_->port()));
  EXPECT_EQ(HttpStatus(Get("/metrics")), 200);
  WireSession ws;  // the upgrade on "/" is still the WebSocket, not index.html
  EXPECT_TRUE(ws.Open(server_->port()).ok());
}

TEST_F(WebRootTest, Open311IsAnsweredByTheServerWithASignatureChallengeNotByTheWebRoot) {
  std::filesystem::create_directories(root_ + "/open311");
  ASSERT_TRUE(WriteTextFile(root_ + "/open311/x.json", "from the web root"));
  const std::string target = "/open311/v2/channels/" + std::string(32, 'a') + "/services.json";
  std::string res = Get(target);
  EXPECT_EQ(HttpStatus(res), 401) << res;
  EXPECT_EQ(HttpHeader(res, "WWW-Authenticate"), "Weerbaar-Signature");
  EXPECT_EQ(HttpHeader(res, "Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(HttpHeader(res, "Cache-Control"), "no-store");
  EXPECT_NE(res.find("\"code\":401"), std::string::npos) << res;
  EXPECT_EQ(HttpStatus(Get("/open311/x.json")), 404);  // never a static file
  res = HttpExchange(server_->port(), "POST " + target +
                                          " HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
                                          "Connection: close\r\n\r\n");
  EXPECT_EQ(HttpStatus(res), 405);
  EXPECT_EQ(HttpHeader(res, "Allow"), "GET");
}

TEST_F(WebRootTest, AnswersHeadWithTheHeadersOfGetAndNoBody) {
  std::string get = Get("/");
  std::string head =
      HttpExchange(server_->port(), "HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(HttpStatus(head), 200);
  EXPECT_EQ(HttpHeader(head, "Content-Length"), HttpHeader(get, "Content-Length"));
  EXPECT_EQ(HttpHeader(head, "Content-Security-Policy"),
            HttpHeader(get, "Content-Security-Policy"));
  EXPECT_EQ(HttpBody(head), "");
  EXPECT_FALSE(HttpBody(get).empty());
}

TEST_F(WebRootTest, RefusesToStartWhenTheRootIsMissing) {
  std::string config = tmp_.Sub("missing.toml");
  ASSERT_TRUE(WriteTextFile(config, "web_root = \"" + tmp_.Sub("nope") + "\"\n"));
  ServerProcess wrong(tmp_.Sub("data2"), {"--config", config});
  EXPECT_FALSE(wrong.Start());
  EXPECT_NE(wrong.log().find("web_root"), std::string::npos) << wrong.log();
}

// A tile folder as an operator lays it out: tiles.json and z/x/y.png.
class MapTilesTest : public ServedFolderTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    std::filesystem::create_directories(tiles_ + "/16/33683");
    std::filesystem::create_directories(root_);
    ASSERT_TRUE(WriteTextFile(tiles_ + "/tiles.json", "{\"tiles\":[\"/tiles/{z}/{x}/{y}.png\"]}"));
    ASSERT_TRUE(WriteTextFile(tiles_ + "/16/33683/21615.png", "png bytes"));
    ASSERT_TRUE(WriteTextFile(root_ + "/index.html", "the web client"));
    ASSERT_TRUE(WriteTextFile(tmp_.Sub("secret.txt"), kSecret));
  }

  std::string tiles_ = tmp_.Sub("tiles");
};

TEST_F(MapTilesTest, ServesTileJsonAndTilesFromTheTileFolderWithTheStaticFileHeaders) {
  ASSERT_NO_FATAL_FAILURE(
      Start("map_tiles_dir = \"" + tiles_ + "\"\nweb_root = \"" + root_ + "\"\n"));
  std::string json = Get("/tiles/tiles.json");
  EXPECT_EQ(HttpStatus(json), 200);
  EXPECT_EQ(HttpHeader(json, "Content-Type"), "application/json");
  EXPECT_EQ(HttpBody(json), "{\"tiles\":[\"/tiles/{z}/{x}/{y}.png\"]}");
  std::string tile = Get("/tiles/16/33683/21615.png");
  EXPECT_EQ(HttpStatus(tile), 200);
  EXPECT_EQ(HttpHeader(tile, "Content-Type"), "image/png");
  EXPECT_EQ(HttpHeader(tile, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(HttpHeader(tile, "Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(HttpBody(tile), "png bytes");
  std::string head = HttpExchange(server_->port(),
                                  "HEAD /tiles/16/33683/21615.png HTTP/1.1\r\nHost: a\r\n"
                                  "Connection: close\r\n\r\n");
  EXPECT_EQ(HttpStatus(head), 200);
  EXPECT_EQ(HttpHeader(head, "Content-Length"), "9");
  EXPECT_EQ(HttpBody(head), "");
  EXPECT_EQ(HttpBody(Get("/")), "the web client");  // the web root is still served
}

TEST_F(MapTilesTest, RefusesTraversalOutOfTheTileFolder) {
  ASSERT_NO_FATAL_FAILURE(Start("map_tiles_dir = \"" + tiles_ + "\"\n"));
  std::filesystem::create_symlink(tmp_.Sub("secret.txt"), tiles_ + "/escape.png");
  const char* attempts[] = {
      "/tiles/../secret.txt",     "/tiles/16/../../secret.txt", "/tiles/%2e%2e/secret.txt",
      "/tiles//secret.txt",       "/tiles/escape.png",          "/tiles/.%2e/secret.txt",
      "/tiles/../web/index.html",
  };
  for (const char* target : attempts) {
    std::string res = Get(target);
    EXPECT_EQ(HttpStatus(res), 404) << target;
    EXPECT_EQ(res.find(kSecret), std::string::npos) << target;
  }
}

TEST_F(MapTilesTest, AnswersNotFoundBelowTilesWhenNoFolderIsConfigured) {
  // Not even from the web root: tiles come only from the operator's tile folder.
  std::filesystem::create_directories(root_ + "/tiles");
  ASSERT_TRUE(WriteTextFile(root_ + "/tiles/tiles.json", "{}"));
  ASSERT_NO_FATAL_FAILURE(Start("web_root = \"" + root_ + "\"\n"));
  EXPECT_EQ(HttpStatus(Get("/tiles/tiles.json")), 404);
  EXPECT_EQ(HttpStatus(Get("/tiles/16/33683/21615.png")), 404);
  EXPECT_EQ(HttpStatus(Get("/")), 200);
}

TEST_F(MapTilesTest, RefusesToStartWhenTheTileFolderIsNotAFolder) {
  std::string config = tmp_.Sub("file.toml");
  ASSERT_TRUE(WriteTextFile(config, "map_tiles_dir = \"" + tiles_ + "/tiles.json\"\n"));
  ServerProcess wrong(tmp_.Sub("data2"), {"--config", config});
  EXPECT_FALSE(wrong.Start());
  EXPECT_NE(wrong.log().find("map_tiles_dir"), std::string::npos) << wrong.log();
}

}  // namespace
}  // namespace weerbaar::testing
