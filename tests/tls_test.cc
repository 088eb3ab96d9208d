// TLS in the server (tls_cert_file, tls_key_file) against the real binary: wss:// and
// https:// with a self-signed certificate made by `openssl req` for the test, TLS 1.1
// refused, and plain connections to the TLS port refused.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "crypto/primitives.h"
#include "tests/harness.h"
#include "tests/raw_http.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {
namespace {

// A self-signed P-256 certificate for 127.0.0.1 (subjectAltName, so that verification
// with this file as the only trusted CA checks the address too).
bool MakeCertificate(const std::string& cert, const std::string& key) {
  auto r =
      RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days",
                  "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init().ok());
    ASSERT_TRUE(MakeCertificate(cert_, key_));
    std::string config = tmp_.Sub("tls.toml");
    ASSERT_TRUE(WriteTextFile(
        config, "tls_cert_file = \"" + cert_ + "\"\ntls_key_file = \"" + key_ + "\"\n"));
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"),
                                              std::vector<std::string>{"--config", config});
    ASSERT_TRUE(server_->Start()) << server_->log();
  }

  RawWsOptions Tls() const {
    RawWsOptions options;
    options.tls_ca_file = cert_;
    return options;
  }
  // curl, trusting only the test certificate.
  ProcessResult Curl(const std::string& path) const {
    return RunProcess({"/usr/bin/curl", "-sS", "--cacert", cert_, "-i",
                       "https://127.0.0.1:" + std::to_string(server_->port()) + path});
  }

  TempDir tmp_;
  std::string cert_ = tmp_.Sub("cert.pem"), key_ = tmp_.Sub("key.pem");
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(TlsTest, ServesTheProtocolOverWss) {
  WireSession s;
  Status opened = s.Open(server_->port(), Tls());
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  auto device = crypto::DeviceIdentity::Generate();
  auto auth = s.Register(device, server_->admin_invite(), "Admin");
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_TRUE(auth->is_admin());
  auto pong = s.Call(PingReq());
  ASSERT_TRUE(pong.ok());
  EXPECT_TRUE(pong->has_pong());
}

TEST_F(TlsTest, ServesHttpsWithTheSecurityHeaders) {
  ProcessResult r = Curl("/healthz");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HttpStatus(r.out), 200);
  EXPECT_EQ(HttpBody(r.out), "ok");
  EXPECT_EQ(HttpHeader(r.out, "X-Content-Type-Options"), "nosniff");
}

TEST_F(TlsTest, AcceptsItsOwnHttpsOriginAndRefusesTheHttpOne) {
  std::string port = std::to_string(server_->port());
  RawWsOptions own = Tls();
  own.origin = "https://127.0.0.1:" + port;
  WireSession s;
  EXPECT_TRUE(s.Open(server_->port(), own).ok());
  RawWs plain_origin;
  RawWsOptions http = Tls();
  http.origin = "http://127.0.0.1:" + port;
  EXPECT_FALSE(plain_origin.Connect(server_->port(), http).ok());
  EXPECT_EQ(plain_origin.http_status(), 403);
}

TEST_F(TlsTest, RefusesTls11AndCountsTheFailedHandshake) {
  RawWs old;
  RawWsOptions options = Tls();
  options.tls_max_version = TLS1_1_VERSION;
  EXPECT_FALSE(old.Connect(server_->port(), options).ok());
  ProcessResult metrics = Curl("/metrics");
  ASSERT_EQ(metrics.exit_code, 0) << metrics.err;
  EXPECT_NE(metrics.out.find("weerbaar_tls_handshake_failures_total 1\n"), std::string::npos)
      << metrics.out;
}

TEST_F(TlsTest, RefusesPlainConnectionsOnTheTlsPort) {
  RawWs plain;
  EXPECT_FALSE(plain.Connect(server_->port()).ok());
  EXPECT_NE(plain.http_status(), 101);
  EXPECT_NE(HttpStatus(HttpGet(server_->port(), "/healthz")), 200);
  EXPECT_TRUE(server_->running());
}

TEST_F(TlsTest, RefusesToStartWithAKeyThatDoesNotMatchTheCertificate) {
  std::string other_cert = tmp_.Sub("other-cert.pem"), other_key = tmp_.Sub("other-key.pem");
  ASSERT_TRUE(MakeCertificate(other_cert, other_key));
  std::string config = tmp_.Sub("mismatch.toml");
  ASSERT_TRUE(WriteTextFile(
      config, "tls_cert_file = \"" + cert_ + "\"\ntls_key_file = \"" + other_key + "\"\n"));
  ServerProcess wrong(tmp_.Sub("data2"), {"--config", config});
  EXPECT_FALSE(wrong.Start());
  EXPECT_NE(wrong.log().find("weerbaar-server: tls_key_file"), std::string::npos) << wrong.log();
}

}  // namespace
}  // namespace weerbaar::testing
