// TLS (https:// and wss://) in the server, for operators without a TLS proxy in front.
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl.hpp>

#include "server/serve.h"

namespace weerbaar::server {
namespace {

namespace ssl = asio::ssl;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Forward-secret AEAD suites for TLS 1.2 (Mozilla's "intermediate" list without DHE);
// TLS 1.3 keeps OpenSSL's defaults, which are all AEAD.
constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Status LoadError(const char* key, const boost::system::error_code& ec) {
  return InvalidArgument(std::string(key) + ": cannot load (" + ec.message() + ")");
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const Config& config) {
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use | ssl::context::no_compression,
                   ec);
  SSL_CTX* native = tls->native_handle();
  if (ec || SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
    return Internal("TLS: cannot configure the context");
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  tls->use_certificate_chain_file(config.tls_cert_file, ec);
  if (ec) return LoadError("tls_cert_file", ec);
  tls->use_private_key_file(config.tls_key_file, ssl::context::pem, ec);
  if (ec) return LoadError("tls_key_file", ec);
  if (SSL_CTX_check_private_key(native) != 1)
    return InvalidArgument("tls_key_file does not match tls_cert_file");
  return tls;
}

asio::awaitable<void> FinishHttp(TlsStream& stream, NetContext& ctx) {
  // close_notify, bounded: a peer that never answers is cut off at the deadline.
  beast::get_lowest_layer(stream).expires_after(
      std::chrono::milliseconds(ctx.config.handshake_timeout_ms));
  co_await stream.async_shutdown(kUseTuple);
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).socket().close(ignored);
}

asio::awaitable<void> ServeTls(tcp::socket socket, NetContext& ctx) {
  TlsStream stream(std::move(socket), *ctx.tls);
  auto& tcp = beast::get_lowest_layer(stream);
  {
    HttpPhase phase(ctx, tcp.socket());
    tcp.expires_after(std::chrono::milliseconds(ctx.config.handshake_timeout_ms));
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kUseTuple);
    if (ec) {
      Metrics::Add(ctx.metrics.tls_handshake_failures_total);
      Log().debug("TLS handshake failed: {}", ec.message());
      boost::system::error_code ignored;
      tcp.socket().close(ignored);
      co_return;
    }
  }
  co_await ServeConnection(std::move(stream), ctx);
}

}  // namespace weerbaar::server
