// Plain HTTP and ws:// connections.
#include "server/serve.h"

namespace weerbaar::server {

asio::awaitable<void> FinishHttp(beast::tcp_stream& stream, NetContext&) {
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  co_return;
}

asio::awaitable<void> ServePlain(tcp::socket socket, NetContext& ctx) {
  co_await ServeConnection(beast::tcp_stream(std::move(socket)), ctx);
}

}  // namespace weerbaar::server
