#include "bench/loadgen/server_metrics.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>

#include "bench/loadgen/scene.h"

namespace weerbaar::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr Millis kTimeout{10'000};

asio::awaitable<void> Get(const Endpoint& server, std::string target, Result<std::string>& out) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(kTimeout);
  boost::system::error_code ec;
  tcp::endpoint to(asio::ip::make_address(server.host, ec), server.port);
  if (!ec) std::tie(ec) = co_await stream.async_connect(to, kUseTuple);
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, server.host);
  if (!ec) std::tie(ec, std::ignore) = co_await http::async_write(stream, request, kUseTuple);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec)
    std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, response, kUseTuple);
  if (ec) {
    out = Unavailable("GET " + target + ": " + ec.message());
  } else if (response.result() != http::status::ok) {
    out = Unavailable("GET " + target + ": HTTP " + std::to_string(response.result_int()));
  } else {
    out = std::move(response.body());
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

Result<std::string> HttpGet(const Endpoint& server, std::string_view target) {
  Result<std::string> out = Unavailable("GET did not finish");
  Scene scene;
  scene.Spawn(Get(server, std::string(target), out));
  scene.Run(kTimeout);
  return out;
}

std::optional<double> MetricValue(std::string_view text, std::string_view name) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.size() <= name.size() || line.substr(0, name.size()) != name ||
        line[name.size()] != ' ')
      continue;
    std::string value(line.substr(name.size() + 1));
    char* parsed_end = nullptr;
    double v = std::strtod(value.c_str(), &parsed_end);
    if (parsed_end != value.c_str()) return v;
  }
  return std::nullopt;
}

Result<StoreCounters> ReadStoreCounters(const Endpoint& server) {
  WB_ASSIGN_OR_RETURN(std::string text, HttpGet(server, "/metrics"));
  std::optional<double> commits = MetricValue(text, "weerbaar_store_commits_total");
  std::optional<double> operations = MetricValue(text, "weerbaar_store_operations_total");
  if (!commits || !operations) return DataLoss("the store counters are missing from /metrics");
  return StoreCounters{*commits, *operations};
}

}  // namespace weerbaar::bench
