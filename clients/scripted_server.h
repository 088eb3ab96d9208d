// A scripted one-connection WebSocket server for client tests (test-only).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <functional>
#include <string>
#include <thread>

#include "protocol/codec.h"
#include "weerbaar.pb.h"

namespace weerbaar::client::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Ws = websocket::stream<tcp::socket>;

// A one-connection WebSocket server on 127.0.0.1:0 that runs a script in a thread.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::function<void(Ws&)> script)
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, script = std::move(script)] {
      try {
        Ws ws(acceptor_.accept());
        ws.accept();
        ws.binary(true);
        script(ws);
      } catch (const std::exception&) {
        // The client went away; the test checks what the client saw.
      }
    });
  }
  ~ScriptedServer() { thread_.join(); }
  std::string url() const {
    return "ws://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/";
  }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

inline void Send(Ws& ws, const v1::ServerMessage& m) {
  ws.write(asio::buffer(protocol::Encode(m)));
}

inline v1::ClientMessage Receive(Ws& ws) {
  beast::flat_buffer buffer;
  ws.read(buffer);
  v1::ClientMessage m;
  m.ParseFromString(beast::buffers_to_string(buffer.data()));
  return m;
}

// Reads until the client closes (throws then, which ends the script).
inline void AwaitClose(Ws& ws) {
  for (;;) Receive(ws);
}

// A challenge from server id 32 x `server`, nonce 32 x 'N'.
inline void SendChallenge(Ws& ws, uint32_t version = 1, char server = 'S') {
  v1::ServerMessage m;
  m.mutable_challenge()->set_protocol_version(version);
  m.mutable_challenge()->set_server_id(std::string(32, server));
  m.mutable_challenge()->set_nonce(std::string(32, 'N'));
  Send(ws, m);
}

}  // namespace weerbaar::client::testing
