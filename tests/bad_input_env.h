// The servers and users behind the bad-input table (bad_input_test.cc).
//
// Four real servers, each started on first use with its own configuration:
//   kMain     defaults; a neighbourhood of users; an invite that expired before start-up
//   kTight    auth_timeout_ms = handshake_timeout_ms = 150 (deadline rows; nothing sleeps:
//             the test waits on the socket's close)
//   kCapped   max_connections = 3
//   kLimited  5 requests in a burst per connection, 1 a second; 10 strikes close
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/identity.h"
#include "tests/harness.h"
#include "tests/raw_http.h"
#include "tests/wire_session.h"

namespace weerbaar::testing {

enum class Kind { kMain, kTight, kCapped, kLimited };

// What the server did with one bad input.
struct Observed {
  int http = 0;                       // HTTP status of the answer, 0 if none
  std::vector<v1::ErrorCode> errors;  // every Error reply, in order
  std::optional<uint16_t> close;      // how it ended: a close code, 0 without close frame
  bool open = false;                  // still answered a Ping (or a keep-alive request)
  std::string text;                   // everything readable it sent, for the leak check
};

struct User {
  explicit User(crypto::DeviceIdentity d) : device(std::move(d)) {}
  crypto::DeviceIdentity device;
  std::string user_id;
};

class BadInputEnv {
 public:
  BadInputEnv();
  ~BadInputEnv();

  // The server of that kind, started (and for kMain, populated) on first use.
  ServerProcess& Server(Kind kind);
  int Port(Kind kind) { return Server(kind).port(); }

  // A connection of `user` on the server, authenticated; a failed test if it is not.
  WireSession Session(Kind kind, const User& user);
  // A connection that has read its challenge and nothing else.
  WireSession Fresh(Kind kind);

  // kMain's neighbourhood (also valid on kLimited for `admin_limited`).
  std::unique_ptr<User> admin, leader, member, nonmember, removed, admin_limited;
  std::string community, group, used_invite, expired_invite;
  uint64_t epoch = 0;

 private:
  void Populate();
  std::string Toml(Kind kind) const;

  TempDir tmp_;
  std::map<Kind, std::unique_ptr<ServerProcess>> servers_;
};

// Reads until the connection ends, recording every error reply and the close code.
void Drain(WireSession& s, Observed& o);
// Sends a Ping and reads up to its reply; errors seen on the way are recorded. `open` is
// whether the Pong came; if the connection ended instead, `close` records how.
void PingThrough(WireSession& s, Observed& o);
// Records the reply of one call (its error, if any).
void Record(const Result<v1::ServerMessage>& reply, Observed& o);

// An HTTP request on a fresh connection: the status, the body and whether it closed.
Observed Http(int port, const std::string& request);
// An upgrade request with `extra` header lines.
std::string Upgrade(const std::string& extra);
// Sends one raw frame on the member's authenticated connection (main server), then a Ping.
Observed AfterAuth(BadInputEnv& e, const std::string& frame);
// One request of `user` on the main server, then a Ping.
Observed Request(BadInputEnv& e, const User& user, v1::ClientMessage req);
// One frame as the first frame after the challenge, then what follows until the end.
Observed FirstFrame(BadInputEnv& e, Kind kind, const std::function<std::string(WireSession&)>& f);

}  // namespace weerbaar::testing
