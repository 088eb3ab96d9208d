// Relay: the socket-free request router. It authenticates connections, checks every
// request against the caller's role and membership (deny by default), talks to the store,
// replies, and fans pushes out to the online devices in the Hub.
//
// Threading: single-threaded. Every method runs on one thread (the server's io thread).
// Store reads are called directly from it; store writes complete on the store's committer
// thread, and their callbacks are handed to `post` so that all relay state is touched on
// the relay's thread only. A reply to a write is sent only after the store reported it
// durable. The long reads (an audit chain verification, an account export) run on a
// background worker instead (`Background`), which reads only the store and posts its
// result back: the relay's thread serves every other connection meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "server/config.h"
#include "server/connection.h"
#include "server/metrics.h"
#include "storage/store.h"

namespace weerbaar::server {

class RelayCore;

// One HTTP request for the Open311 endpoint (/open311/v2/...), without the transport.
struct HttpCall {
  std::string_view method;
  std::string_view target;         // path and query as received
  std::string_view authorization;  // the Authorization header, empty if absent
};
// Its answer: a JSON body (Open311 format, errors included).
struct HttpAnswer {
  int status = 200;
  std::string body;
  bool challenge = false;  // 401: send WWW-Authenticate: Weerbaar-Signature
  bool retry = false;      // 503: send Retry-After
};

class Relay {
 public:
  using Task = std::function<void()>;
  // Runs `task` later on the relay's thread. Called from any thread.
  using Post = std::function<void(Task task)>;
  // Runs `task` later on a worker thread for slow store reads; false, with `task` dropped,
  // when the worker's queue is full (the request is answered RATE_LIMITED). Called on the
  // relay's thread. The task touches only the store, and `post`s what follows.
  using Background = std::function<bool(Task task)>;

  // REQUIRES: store, clock and metrics outlive the relay, tasks given to `post` are not
  // run after the relay is destroyed (the server stops its io loop first), and tasks given
  // to `background` are not run after the store is closed (the server stops its worker
  // first).
  Relay(storage::Store& store, const Clock& clock, Metrics& metrics, const Config& config,
        Post post, Background background);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // A new WebSocket: sends the challenge and returns the connection's id.
  // REQUIRES: `conn` stays valid until Closed(id).
  ConnId Open(Connection* conn);
  // One binary frame from the client. Replies, pushes and closes go through Connection.
  void HandleFrame(ConnId id, std::string_view frame);
  // The auth deadline passed: closes with 1008 unless authenticated (or registering).
  void AuthDeadline(ConnId id);
  // The connection is gone; the relay forgets it. Unknown ids are ignored.
  void Closed(ConnId id);
  // Shutdown: closes every connection with `code`, and every later one at Open.
  void CloseAll(uint16_t code);

  // Called (on the relay's thread) after each erasure and each retention change is durable
  // and answered: the server asks its sweeper for a sweep, so erased bytes and the records a
  // shortened period hid leave the files at once (reads hide them already; the store's
  // retention horizons keep them hidden if the period is lengthened before the sweep).
  void SetSweepHook(std::function<void()> hook);

  // Open311 GeoReport v2 for a partner channel, over signed HTTP (docs/signals.md):
  // authenticates the request's device signature, checks the device's user is a partner of
  // the channel, and answers from the store. Read only.
  HttpAnswer HandleOpen311(const HttpCall& call);

  size_t connections() const;    // open, authenticated or not
  size_t authenticated() const;  // bound in the hub

 private:
  std::unique_ptr<RelayCore> core_;
};

}  // namespace weerbaar::server
