#include "server/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace weerbaar::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "weerbaar-static-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    fs::create_directories(base_ + "/web/assets");
    fs::create_directories(base_ + "/web/.git");
    Write(base_ + "/web/index.html", "<!doctype html>");
    Write(base_ + "/web/assets/app-1.js", "js");
    Write(base_ + "/web/.git/config", "hidden");
    Write(base_ + "/secret.txt", "outside the root");
    fs::create_symlink(base_ + "/secret.txt", base_ + "/web/escape.txt");
    fs::create_symlink(base_ + "/web/assets/app-1.js", base_ + "/web/inside.js");
    auto root = CanonicalRoot(base_ + "/web");
    ASSERT_TRUE(root.ok());
    root_ = *root;
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  bool Serves(std::string_view target) { return ResolveStaticFile(root_, target).ok(); }

  std::string base_, root_;
};

TEST_F(StaticFilesTest, ServesIndexForTheRootAndFilesBelowIt) {
  auto index = ResolveStaticFile(root_, "/");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->path, root_ + "/index.html");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto js = ResolveStaticFile(root_, "/assets/app-1.js?v=3");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_TRUE(Serves("/inside.js"));  // a symlink that stays inside the root
}

TEST_F(StaticFilesTest, RefusesEveryTraversalAndOddTarget) {
  const char* refused[] = {
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/assets/../index.html",  // ".." is refused even when it would stay inside
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/..%2fsecret.txt",
      "/.%2e/secret.txt",
      "/assets%2fapp-1.js",
      "/..\\secret.txt",
      "/escape.txt",  // a symlink out of the root
      "/.git/config",
      "//etc/passwd",
      "/assets//app-1.js",
      "index.html",
      "http://example.org/index.html",
      "/missing.html",
      "/assets",  // a folder without index.html
      "/assets/",
      "/index.html%00.js",
      "/ index.html",
  };
  for (const char* target : refused) EXPECT_FALSE(Serves(target)) << target;
  EXPECT_FALSE(Serves(std::string_view("/index.html\0", 12)));
  EXPECT_FALSE(Serves("/" + std::string(1100, 'a')));
}

TEST_F(StaticFilesTest, RefusesAMissingRoot) {
  EXPECT_EQ(CanonicalRoot(base_ + "/nope").status().code(), Code::kNotFound);
  EXPECT_EQ(CanonicalRoot(base_ + "/secret.txt").status().code(), Code::kNotFound);
}

TEST(ContentTypeTest, KnowsTheWebClientsFileTypes) {
  struct Row {
    const char* path;
    const char* type;
  } rows[] = {
      {"a.html", "text/html; charset=utf-8"},
      {"a.JS", "text/javascript; charset=utf-8"},
      {"a.css", "text/css; charset=utf-8"},
      {"a.svg", "image/svg+xml"},
      {"a.png", "image/png"},
      {"a.json", "application/json"},
      {"a.wasm", "application/wasm"},
      {"favicon.ico", "image/x-icon"},
      {"app.webmanifest", "application/manifest+json"},
      {"a.exe", "application/octet-stream"},
      {"noext", "application/octet-stream"},
      {"dir.js/noext", "application/octet-stream"},
  };
  for (const Row& r : rows) EXPECT_EQ(ContentTypeFor(r.path), r.type) << r.path;
}

TEST(ContentSecurityPolicyTest, AllowsNoInlineScriptAndNothingFromElsewhere) {
  std::string_view csp = kContentSecurityPolicy;
  EXPECT_NE(csp.find("default-src 'self'"), std::string_view::npos);
  EXPECT_NE(csp.find("connect-src 'self' ws: wss:"), std::string_view::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string_view::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string_view::npos);
  EXPECT_EQ(csp.find("*"), std::string_view::npos);
}

}  // namespace
}  // namespace weerbaar::server
