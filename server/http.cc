// HTTP on the WebSocket port: /healthz, /metrics and static files.
#include "server/http.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>

#include "protocol/http_signature.h"
#include "server/static_files.h"

namespace weerbaar::server {
namespace {

using Response = http::response<http::string_body>;

// Sent with every answer: no MIME sniffing, no referrer, no framing, and for pages, a
// Content-Security-Policy without inline script.
template <typename Body>
void SetCommonHeaders(http::response<Body>& res) {
  res.set(http::field::server, "weerbaar");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
}

Response MakeResponse(unsigned version, bool keep_alive, http::status status, std::string body,
                      const char* type = "text/plain; charset=utf-8") {
  Response res{status, version};
  SetCommonHeaders(res);
  res.set(http::field::content_type, type);
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http::message_generator NotFound(const HttpRequest& req) {
  return MakeResponse(req.version(), req.keep_alive(), http::status::not_found, "not found\n");
}

http::message_generator MethodNotAllowed(const HttpRequest& req) {
  Response res = MakeResponse(req.version(), req.keep_alive(), http::status::method_not_allowed,
                              "method not allowed\n");
  res.set(http::field::allow, "GET, HEAD");
  return res;
}

http::message_generator MetricsResponse(const HttpRequest& req, NetContext& ctx) {
  storage::Store::Stats stats = ctx.store.stats();
  return MakeResponse(req.version(), req.keep_alive(), http::status::ok,
                      RenderPrometheus(ctx.metrics, {stats.commits, stats.operations}),
                      "text/plain; version=0.0.4; charset=utf-8");
}

// The answer to HEAD: the headers a GET would get (Content-Length included), no body.
http::message_generator HeadersOnly(http::response<http::file_body>&& full) {
  http::response<http::empty_body> res{full.result(), full.version()};
  for (const auto& field : full.base()) res.set(field.name_string(), field.value());
  res.keep_alive(full.keep_alive());
  return res;
}

// A file below `root` (empty: none) at `target`, streamed from disk (never read whole into
// memory).
http::message_generator StaticFileResponse(const HttpRequest& req, const std::string& root,
                                           std::string_view target) {
  if (root.empty()) return NotFound(req);
  Result<StaticFile> file = ResolveStaticFile(root, target);
  if (!file.ok()) return NotFound(req);
  bool head = req.method() == http::verb::head;
  if (req.method() != http::verb::get && !head) return MethodNotAllowed(req);
  boost::system::error_code ec;
  http::file_body::value_type body;
  body.open(file->path.c_str(), beast::file_mode::scan, ec);
  if (ec) return NotFound(req);
  http::response<http::file_body> res{http::status::ok, req.version()};
  SetCommonHeaders(res);
  res.set(http::field::content_type, file->content_type);
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(req.keep_alive());
  res.content_length(body.size());
  if (head) return HeadersOnly(std::move(res));
  res.body() = std::move(body);
  return res;
}

// The Open311 endpoint, answered by the relay (same thread: the io thread).
http::message_generator Open311Response(const HttpRequest& req, NetContext& ctx) {
  auto view = [](beast::string_view s) { return std::string_view(s.data(), s.size()); };
  auto auth = req.find(http::field::authorization);
  std::string_view authorization;
  if (auth != req.end()) authorization = view(auth->value());
  HttpAnswer answer =
      ctx.relay.HandleOpen311({view(req.method_string()), view(req.target()), authorization});
  Response res =
      MakeResponse(req.version(), req.keep_alive(), static_cast<http::status>(answer.status),
                   std::move(answer.body), "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  if (answer.challenge) res.set(http::field::www_authenticate, protocol::kHttpSignatureScheme);
  if (answer.retry) res.set(http::field::retry_after, "5");
  if (answer.status == 405) res.set(http::field::allow, "GET");
  return res;
}

}  // namespace

http::message_generator Route(const HttpRequest& req, NetContext& ctx) {
  std::string_view target(req.target().data(), req.target().size());
  if (target.starts_with("/open311/")) return Open311Response(req, ctx);
  // Map tiles come from their own folder, never from the web root (404 when unset); the
  // folder sees the target from its own "/" on.
  constexpr std::string_view kTiles = "/tiles";
  if (target.starts_with("/tiles/"))
    return StaticFileResponse(req, ctx.map_tiles_dir, target.substr(kTiles.size()));
  bool known = target == "/healthz" || target == "/metrics";
  if (!known) return StaticFileResponse(req, ctx.web_root, target);
  if (req.method() != http::verb::get) return MethodNotAllowed(req);
  if (target == "/healthz")
    return MakeResponse(req.version(), req.keep_alive(), http::status::ok, "ok");
  return MetricsResponse(req, ctx);
}

std::optional<http::message_generator> ReadFailure(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit)
    return MakeResponse(11, false, http::status::request_header_fields_too_large,
                        "headers too large\n");
  if (ec == http::error::body_limit)
    return MakeResponse(11, false, http::status::payload_too_large, "body too large\n");
  if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
      ec != http::error::end_of_stream)
    return MakeResponse(11, false, http::status::bad_request, "bad request\n");
  return std::nullopt;
}

http::message_generator OriginRefused(const HttpRequest& req) {
  return MakeResponse(req.version(), false, http::status::forbidden, "origin not allowed\n");
}

std::optional<std::string_view> OriginOf(const HttpRequest& req) {
  auto it = req.find(http::field::origin);
  if (it == req.end()) return std::nullopt;
  return it->value();
}

}  // namespace weerbaar::server
