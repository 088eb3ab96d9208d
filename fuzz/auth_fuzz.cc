// Fuzz target: the relay's authentication path (a connection's first frame) through its
// socket-free API, against a real store opened once per process.
//
// Input: mode(1) || u16 BE n || first frame(n) || second frame(rest).
//   mode % 4 == 0  the first frame is sent as it is;
//             1    it is parsed as a ClientMessage and, if it holds an Authenticate, gets the
//                  process's registered device id and a valid signature over this
//                  connection's challenge, so everything after the check is reached;
//             2    a Register in it gets a fresh device's keys and a valid signature (the
//                  fuzzer's invite stays: the unknown-invite path);
//             3    as 2, with a freshly minted admin invite (registration succeeds).
// The second frame, if any, is sent after the first one was answered.
// Invariants: a frame sent as it is never authenticates (it cannot sign a fresh nonce);
// a connection either authenticated and stays open, or got one Error and close 1008; an
// open connection answers every later frame; nothing is left in the relay after Closed.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "crypto/identity.h"
#include "fuzz/relay_env.h"
#include "protocol/codec.h"

namespace weerbaar::fuzz {
namespace {

struct Input {
  uint8_t mode = 0;
  std::string first, second;
};

Input Split(const uint8_t* data, size_t size) {
  Input in;
  if (size < 3) return in;
  in.mode = data[0];
  size_t n = std::min<size_t>(size - 3, (size_t{data[1]} << 8) | data[2]);
  in.first.assign(reinterpret_cast<const char*>(data + 3), n);
  in.second.assign(reinterpret_cast<const char*>(data + 3 + n), size - 3 - n);
  return in;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

// A device registered once per process, for mode 1.
const crypto::DeviceIdentity& Registered() {
  static const crypto::DeviceIdentity device = [] {
    RelayEnv& env = RelayEnv::Get();
    auto d = crypto::DeviceIdentity::Generate();
    FakeConn conn;
    server::ConnId id = env.relay().Open(&conn);
    v1::ClientMessage req = client::MakeRegister(conn.frames.at(0).challenge(), d,
                                                 env.MintInvite(storage::InviteKind::kAdmin), "");
    req.set_request_id(1);
    env.relay().HandleFrame(id, protocol::Encode(req));
    env.Drain();
    Check(conn.frames.size() == 2 && conn.frames[1].has_auth_result());
    env.relay().Closed(id);
    return d;
  }();
  return device;
}

// The first frame, with the signature fixed up as the mode says.
std::string FirstFrame(const Input& in, const v1::Challenge& challenge) {
  int mode = in.mode % 4;
  v1::ClientMessage req;
  if (mode == 0 || !req.ParseFromString(in.first)) return in.first;
  if (mode == 1 && req.has_authenticate()) {
    v1::ClientMessage signed_req = client::MakeAuthenticate(challenge, Registered());
    req.mutable_authenticate()->Swap(signed_req.mutable_authenticate());
  } else if (mode >= 2 && req.has_register_()) {
    std::string invite = req.register_().invite();
    if (mode == 3) invite = RelayEnv::Get().MintInvite(storage::InviteKind::kAdmin);
    v1::ClientMessage signed_req =
        client::MakeRegister(challenge, crypto::DeviceIdentity::Generate(), invite, "");
    signed_req.mutable_register_()->set_display_name(req.register_().display_name());
    req.mutable_register_()->Swap(signed_req.mutable_register_());
  }
  return protocol::Encode(req);
}

}  // namespace
}  // namespace weerbaar::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weerbaar;
  using namespace weerbaar::fuzz;
  RelayEnv& env = RelayEnv::Get();
  Registered();
  Input in = Split(data, size);
  FakeConn conn;
  server::ConnId id = env.relay().Open(&conn);
  Check(conn.frames.size() == 1 && conn.frames[0].has_challenge());
  env.relay().HandleFrame(id, FirstFrame(in, conn.frames[0].challenge()));
  env.Drain();
  bool authenticated = conn.frames.size() >= 2 && conn.frames[1].has_auth_result();
  Check(!(authenticated && in.mode % 4 == 0));
  if (authenticated) {
    Check(!conn.close_code);
  } else {
    // One answer, an Error, and the close (request id 0 when the frame did not parse).
    Check(conn.frames.size() == 2 && conn.frames[1].has_error());
    Check(conn.close_code == protocol::close_code::kPolicyViolation);
  }
  if (!in.second.empty()) {
    size_t before = conn.frames.size();
    bool was_open = !conn.close_code.has_value();
    env.relay().HandleFrame(id, in.second);
    env.Drain();
    // An open connection answers every frame (a reply or an error); a closed one ignores it.
    Check(was_open ? conn.frames.size() > before : conn.frames.size() == before);
  }
  env.relay().Closed(id);
  Check(env.relay().connections() == 0 && env.relay().authenticated() == 0);
  return 0;
}
