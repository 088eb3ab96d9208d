// Hostile input against the real server binary. Every row is one class of bad input and
// its documented outcome (docs/protocol.md, "Bad input and its outcome"), observed with a
// raw WebSocket or TCP client. After every row each server still answers /healthz, and
// nothing the server said carries internal detail (paths, store or exception text).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iostream>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "tests/bad_input_env.h"

namespace weerbaar::testing {
namespace {

struct Expect {
  int http = 0;                        // 0: no HTTP answer expected
  std::optional<v1::ErrorCode> error;  // an Error reply with this code
  std::optional<uint16_t> close;       // ends like this (0: without a close frame)
  bool open = false;                   // still serves requests afterwards
};

struct Row {
  const char* klass;
  Kind kind;
  Expect want;
  std::function<Observed(BadInputEnv&)> run;
};

constexpr uint16_t k1003 = protocol::close_code::kUnsupportedData;
constexpr uint16_t k1007 = protocol::close_code::kInvalidPayload;
constexpr uint16_t k1008 = protocol::close_code::kPolicyViolation;
constexpr uint16_t k1009 = protocol::close_code::kTooBig;

std::string Id() { return ToString(crypto::RandomBytes(16)); }

std::vector<Row> Table() {
  std::vector<Row> rows;
  auto add = [&](const char* klass, Kind kind, Expect want,
                 std::function<Observed(BadInputEnv&)> run) {
    rows.push_back({klass, kind, want, std::move(run)});
  };
  // ---- HTTP ----
  add("HTTP headers over 8 KiB", Kind::kMain, {431, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain), "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Pad: " +
                                         std::string(9000, 'a') + "\r\n\r\n");
  });
  add("malformed HTTP request line", Kind::kMain, {400, {}, 0},
      [](BadInputEnv& e) { return Http(e.Port(Kind::kMain), "BLAH\r\n\r\n"); });
  add("HTTP body over 4 KiB", Kind::kMain, {413, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain),
                "POST /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n");
  });
  add("wrong HTTP method", Kind::kMain, {405, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain),
                "DELETE /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  });
  add("unknown HTTP path (no web_root)", Kind::kMain, {404, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain),
                "GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  });
  add("WebSocket version 8", Kind::kMain, {426, {}, 0}, [](BadInputEnv& e) {
    return Http(
        e.Port(Kind::kMain),
        Upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"));
  });
  add("WebSocket upgrade without a key", Kind::kMain, {400, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain), Upgrade("Sec-WebSocket-Version: 13\r\n"));
  });
  add("permessage-deflate offered", Kind::kMain, {101, {}, {}, true}, [](BadInputEnv& e) {
    WireSession s;
    RawWsOptions options;
    options.extensions = "permessage-deflate; client_max_window_bits";
    Observed o;
    o.open = s.Open(e.Port(Kind::kMain), options).ok() && s.ws.response_extensions().empty();
    o.http = s.ws.http_status();
    return o;
  });
  add("upgrade from a foreign Origin", Kind::kMain, {403, {}, {}, false}, [](BadInputEnv& e) {
    RawWs ws;
    RawWsOptions options;
    options.origin = "https://evil.example";
    Observed o;
    EXPECT_FALSE(ws.Connect(e.Port(Kind::kMain), options).ok());
    o.http = ws.http_status();
    return o;
  });
  add("headers trickled a byte at a time past handshake_timeout_ms", Kind::kTight, {0, {}, 0},
      [](BadInputEnv& e) {
        RawTcp tcp;
        Observed o;
        EXPECT_TRUE(tcp.Connect(e.Port(Kind::kTight)));
        std::string request =
            "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Pad: " + std::string(4000, 'a') + "\r\n\r\n";
        auto start = std::chrono::steady_clock::now();
        std::string got;
        // Each byte is followed by a 20 ms wait on the socket: the pacing is the wait for
        // the server's close, never a sleep.
        for (char c : request) {
          if (!tcp.Send(std::string(1, c)) || tcp.WaitClosed(Timeout(20), &got)) {
            o.close = 0;
            break;
          }
        }
        auto took = std::chrono::steady_clock::now() - start;
        EXPECT_GE(took, std::chrono::milliseconds(150));
        o.http = HttpStatus(got);
        o.text = got;
        return o;
      });
  add("connections over max_connections", Kind::kCapped, {0, {}, 0, true}, [](BadInputEnv& e) {
    int port = e.Port(Kind::kCapped);
    RawTcp keep, a, b, over;
    EXPECT_TRUE(keep.Connect(port) && keep.Send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"));
    EXPECT_EQ(HttpStatus(keep.ReadResponse()), 200);  // the first one is in
    EXPECT_TRUE(a.Connect(port) && b.Connect(port));
    Observed o;
    std::string got;
    EXPECT_TRUE(over.Connect(port));  // the kernel accepts; the server closes at once
    if (over.WaitClosed(kWait, &got)) o.close = 0;
    o.text = got;
    EXPECT_TRUE(got.empty());
    // The server still serves the connections it admitted.
    EXPECT_TRUE(keep.Send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"));
    std::string metrics = keep.ReadResponse();
    o.open = HttpStatus(metrics) == 200 &&
             metrics.find("weerbaar_connections_rejected_total 1") != std::string::npos;
    return o;
  });
  // ---- authentication ----
  add("text frame as the first frame", Kind::kMain, {0, {}, k1003}, [](BadInputEnv& e) {
    WireSession s = e.Fresh(Kind::kMain);
    Observed o;
    EXPECT_TRUE(s.ws.SendText("hello").ok());
    Drain(s, o);
    return o;
  });
  add("request before authentication", Kind::kMain, {0, v1::UNAUTHENTICATED, k1008},
      [](BadInputEnv& e) {
        return FirstFrame(e, Kind::kMain, [](WireSession&) { return EncodeWithId(PingReq(), 1); });
      });
  add("undecodable first frame", Kind::kMain, {0, v1::BAD_REQUEST, k1008}, [](BadInputEnv& e) {
    return FirstFrame(e, Kind::kMain, [](WireSession&) { return std::string("\xff\xff\xff", 3); });
  });
  add("bad auth signature", Kind::kMain, {0, v1::UNAUTHENTICATED, k1008}, [](BadInputEnv& e) {
    return FirstFrame(e, Kind::kMain, [&](WireSession& s) {
      v1::ClientMessage req = AuthenticateRequest(s.challenge, e.member->device);
      std::string sig = req.authenticate().signature();
      sig[10] ^= 1;
      req.mutable_authenticate()->set_signature(sig);
      return EncodeWithId(req, 1);
    });
  });
  add("unknown device", Kind::kMain, {0, v1::UNAUTHENTICATED, k1008}, [](BadInputEnv& e) {
    return FirstFrame(e, Kind::kMain, [](WireSession& s) {
      return EncodeWithId(AuthenticateRequest(s.challenge, crypto::DeviceIdentity::Generate()), 1);
    });
  });
  add("replayed auth (signed for another connection's nonce)", Kind::kMain,
      {0, v1::UNAUTHENTICATED, k1008}, [](BadInputEnv& e) {
        WireSession other = e.Fresh(Kind::kMain);
        std::string replay =
            EncodeWithId(AuthenticateRequest(other.challenge, e.member->device), 1);
        return FirstFrame(e, Kind::kMain, [&](WireSession&) { return replay; });
      });
  add("no authentication within auth_timeout_ms", Kind::kTight, {0, v1::UNAUTHENTICATED, k1008},
      [](BadInputEnv& e) {
        WireSession s = e.Fresh(Kind::kTight);
        Observed o;
        Drain(s, o);  // waits on the socket for the server's deadline
        return o;
      });
  add("register with a used invite", Kind::kMain, {0, v1::INVITE_INVALID, k1008},
      [](BadInputEnv& e) {
        return FirstFrame(e, Kind::kMain, [&](WireSession& s) {
          return EncodeWithId(
              RegisterRequest(s.challenge, crypto::DeviceIdentity::Generate(), e.used_invite), 1);
        });
      });
  add("register with an expired invite", Kind::kMain, {0, v1::INVITE_INVALID, k1008},
      [](BadInputEnv& e) {
        return FirstFrame(e, Kind::kMain, [&](WireSession& s) {
          return EncodeWithId(
              RegisterRequest(s.challenge, crypto::DeviceIdentity::Generate(), e.expired_invite),
              1);
        });
      });
  add("register with another key's agreement signature", Kind::kMain,
      {0, v1::UNAUTHENTICATED, k1008}, [](BadInputEnv& e) {
        return FirstFrame(e, Kind::kMain, [&](WireSession& s) {
          auto device = crypto::DeviceIdentity::Generate();
          v1::ClientMessage req = RegisterRequest(s.challenge, device, e.used_invite);
          req.mutable_register_()->mutable_keys()->set_agreement_sig(
              ToString(e.member->device.agreement_signature()));
          return EncodeWithId(req, 1);
        });
      });
  // ---- frames after authentication ----
  add("frame over max_frame_bytes", Kind::kMain, {0, {}, k1009}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kMain, *e.member);
    Observed o;
    s.ws.SendBinary(std::string(64 * 1024 + 1, 'x')).ok();
    Drain(s, o);
    return o;
  });
  add("text frame with bad UTF-8", Kind::kMain, {0, {}, k1007}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kMain, *e.member);
    Observed o;
    EXPECT_TRUE(s.ws.SendText("ok\xc3\x28\xff").ok());
    Drain(s, o);
    return o;
  });
  add("text frame after authentication", Kind::kMain, {0, {}, k1003}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kMain, *e.member);
    Observed o;
    EXPECT_TRUE(s.ws.SendText("{\"ping\":{}}").ok());
    Drain(s, o);
    return o;
  });
  add("unknown message type (empty body)", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) { return AfterAuth(e, EncodeWithId(v1::ClientMessage(), 7)); });
  add("truncated protobuf", Kind::kMain, {0, v1::BAD_REQUEST, {}, true}, [](BadInputEnv& e) {
    std::string frame = EncodeWithId(SendGroupReq(e.group, e.epoch, Id(), "opaque"), 7);
    return AfterAuth(e, frame.substr(0, frame.size() / 2));
  });
  add("wrong-typed protobuf field (ping as a varint)", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        // request_id = 7, then field 50 (ping, a message) sent with wire type 0.
        return AfterAuth(e, std::string("\x08\x07\x90\x03\x01", 5));
      });
  add("request id 0", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) { return AfterAuth(e, EncodeWithId(PingReq(), 0)); });
  add("three bad frames in a row", Kind::kMain, {0, v1::BAD_REQUEST, k1007}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kMain, *e.member);
    Observed o;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(s.ws.SendBinary("\xff").ok());
    Drain(s, o);
    EXPECT_EQ(o.errors.size(), 3u);
    return o;
  });
  add("field over its limit (ciphertext 48 KiB + 1)", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        return Request(e, *e.member,
                       SendGroupReq(e.group, e.epoch, Id(), std::string(48 * 1024 + 1, 'c')));
      });
  add("id of the wrong length", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) { return Request(e, *e.member, GetGroupReq(std::string(15, 'g'))); });
  add("Authenticate again after authentication", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        WireSession s = e.Session(Kind::kMain, *e.member);
        Observed o;
        Record(s.Call(AuthenticateRequest(s.challenge, e.member->device)), o);
        PingThrough(s, o);
        return o;
      });
  add("too many envelopes in SendDirect", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        for (int i = 0; i < 257; ++i) {
          v1::DirectEnvelope* env = req.mutable_send_direct()->add_envelopes();
          env->set_to_device(ToString(e.leader->device.device_id()));
          env->set_client_msg_id(Id());
          env->set_payload("p");
        }
        return Request(e, *e.member, req);
      });
  add("sync limit over max_sync_limit", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) { return Request(e, *e.member, SyncGroupReq(e.group, 0, 501)); });
  // ---- authorisation ----
  add("send by a non-member", Kind::kMain, {0, v1::PERMISSION_DENIED, {}, true},
      [](BadInputEnv& e) {
        return Request(e, *e.nonmember, SendGroupReq(e.group, e.epoch, Id(), "opaque"));
      });
  add("read by a removed member", Kind::kMain, {0, v1::PERMISSION_DENIED, {}, true},
      [](BadInputEnv& e) { return Request(e, *e.removed, SyncGroupReq(e.group, 0, 0)); });
  add("send with a stale epoch", Kind::kMain, {0, v1::STALE_EPOCH, {}, true}, [](BadInputEnv& e) {
    return Request(e, *e.member, SendGroupReq(e.group, e.epoch - 1, Id(), "opaque"));
  });
  add("resident creates a community", Kind::kMain, {0, v1::PERMISSION_DENIED, {}, true},
      [](BadInputEnv& e) { return Request(e, *e.member, CreateCommunityReq("Mine")); });
  add("community area outside the geohash alphabet", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_set_community_area()->set_community_id(e.community);
        req.mutable_set_community_area()->set_area("u17a");  // 'a' is no geohash digit
        return Request(e, *e.admin, req);
      });
  add("unknown group", Kind::kMain, {0, v1::NOT_FOUND, {}, true},
      [](BadInputEnv& e) { return Request(e, *e.member, GetGroupReq(Id())); });
  // ---- partner channels, taxonomy, Open311 ----
  add("share to an unknown channel", Kind::kMain, {0, v1::NOT_FOUND, {}, true}, [](BadInputEnv& e) {
    v1::ClientMessage req;
    v1::ShareReport* s = req.mutable_share_report();
    s->set_channel_id(Id());
    s->set_consent("consent");
    s->set_consent_signature(std::string(64, 's'));
    s->mutable_card()->set_category("zwerfafval");
    s->mutable_card()->set_community_id(e.community);
    return Request(e, *e.member, req);
  });
  add("channel sync by a resident (no consent, no channel)", Kind::kMain,
      {0, v1::PERMISSION_DENIED, {}, true}, [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_sync_channel()->set_channel_id(Id());
        return Request(e, *e.member, req);
      });
  add("too many held share ids", Kind::kMain, {0, v1::BAD_REQUEST, {}, true}, [](BadInputEnv& e) {
    v1::ClientMessage req;
    req.mutable_sync_channel()->set_channel_id(Id());
    for (int i = 0; i < 501; ++i) req.mutable_sync_channel()->add_held_share_ids(Id());
    return Request(e, *e.member, req);
  });
  add("partner update over max_share_update_bytes", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_post_share_update()->set_share_id(Id());
        req.mutable_post_share_update()->set_sealed(
            std::string(protocol::Limits{}.max_share_update_bytes + 1, 'u'));
        return Request(e, *e.member, req);
      });
  add("partner update by a resident on an unknown share", Kind::kMain, {0, v1::NOT_FOUND, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_post_share_update()->set_share_id(Id());
        req.mutable_post_share_update()->set_sealed(std::string(80, 'u'));
        return Request(e, *e.member, req);
      });
  add("resident changes the taxonomy", Kind::kMain, {0, v1::PERMISSION_DENIED, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_set_taxonomy()->set_overrides_json(
            R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],"remove":[]})");
        return Request(e, *e.member, req);
      });
  add("taxonomy override removing the person category", Kind::kMain, {0, v1::BAD_REQUEST, {}, true},
      [](BadInputEnv& e) {
        v1::ClientMessage req;
        req.mutable_set_taxonomy()->set_overrides_json(
            R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],)"
            R"("remove":["verdacht-persoon"]})");
        return Request(e, *e.admin, req);
      });
  add("Open311 without a signature", Kind::kMain, {401, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain), "GET /open311/v2/channels/" + std::string(32, 'a') +
                                         "/requests.json HTTP/1.1\r\nHost: a\r\n"
                                         "Connection: close\r\n\r\n");
  });
  add("Open311 with a forged signature", Kind::kMain, {401, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain),
                "GET /open311/v2/channels/" + std::string(32, 'a') +
                    "/services.json HTTP/1.1\r\nHost: a\r\nAuthorization: Weerbaar-Signature "
                    "device=\"" +
                    std::string(32, 'b') + "\", time=\"1\", nonce=\"" + std::string(32, 'c') +
                    "\", signature=\"" + std::string(86, 'A') + "\"\r\nConnection: close\r\n\r\n");
  });
  add("Open311 with a malformed authorization", Kind::kMain, {401, {}, 0}, [](BadInputEnv& e) {
    return Http(e.Port(Kind::kMain), "GET /open311/v2/channels/" + std::string(32, 'a') +
                                         "/services.json HTTP/1.1\r\nHost: a\r\n"
                                         "Authorization: Weerbaar-Signature device=\r\n"
                                         "Connection: close\r\n\r\n");
  });
  // ---- floods ----
  add("rate limit breached", Kind::kLimited, {0, v1::RATE_LIMITED, {}, true}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kLimited, *e.admin_limited);
    Observed o;
    for (int i = 0; i < 5; ++i) {
      auto pong = s.Call(PingReq());  // the burst
      EXPECT_TRUE(pong.ok() && pong->has_pong()) << i;
    }
    Record(s.Call(PingReq()), o);
    auto next = s.Call(PingReq());  // answered (limited again), not closed
    o.open = next.ok() && s.ws.is_open();
    return o;
  });
  add("ping flood (Ping requests, pipelined)", Kind::kLimited, {0, v1::RATE_LIMITED, k1008},
      [](BadInputEnv& e) {
        WireSession s = e.Session(Kind::kLimited, *e.admin_limited);
        Observed o;
        for (uint64_t i = 1; i <= 40; ++i)
          if (!s.ws.SendBinary(EncodeWithId(PingReq(), 100 + i)).ok()) break;
        Drain(s, o);
        return o;
      });
  add("ping flood (WebSocket control frames)", Kind::kMain, {0, {}, {}, true}, [](BadInputEnv& e) {
    WireSession s = e.Session(Kind::kMain, *e.member);
    for (int i = 0; i < 2000; ++i)
      if (!s.ws.SendPing().ok()) break;
    Observed o;
    PingThrough(s, o);
    return o;
  });
  // ---- after erasure (last: it erases `removed`, whom no later row uses) ----
  add("request after the user's erasure", Kind::kMain, {0, v1::UNAUTHENTICATED, k1008},
      [](BadInputEnv& e) {
        {
          WireSession s = e.Session(Kind::kMain, *e.removed);
          v1::ClientMessage erase;
          erase.mutable_erase_account()->set_confirm(true);
          auto receipt = s.Call(erase);
          EXPECT_TRUE(receipt.ok() && receipt->has_erasure_receipt());
        }
        return FirstFrame(e, Kind::kMain, [&](WireSession& s) {
          return EncodeWithId(AuthenticateRequest(s.challenge, e.removed->device), 1);
        });
      });
  return rows;
}

std::string Describe(const Observed& o) {
  std::string out;
  if (o.http) out += "HTTP " + std::to_string(o.http) + "; ";
  for (v1::ErrorCode c : o.errors) out += v1::ErrorCode_Name(c) + "; ";
  if (o.close) out += *o.close ? "close " + std::to_string(*o.close) + "; " : "closed; ";
  if (o.open) out += "still open; ";
  return out.empty() ? "nothing" : out;
}

// Nothing the server says may reveal how it is built or where its files are.
void ExpectNoInternalDetail(const std::string& text) {
  static const char* kTells[] = {"rocksdb", "RocksDB", ".cc",  ".h:",   "std::",     "exception",
                                 "what()",  "/work",   "/tmp", "errno", "IO error",  "Corruption",
                                 "boost",   "beast",   "asio", "SST",   "master.key"};
  for (const char* tell : kTells) EXPECT_EQ(text.find(tell), std::string::npos) << tell;
}

TEST(BadInputTest, EveryClassGetsItsDocumentedOutcomeAndTheServerStaysUp) {
  BadInputEnv env;
  ASSERT_TRUE(env.Server(Kind::kMain).running());
  std::vector<Row> rows = Table();
  std::string table;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.klass);
    Observed o = row.run(env);
    if (row.want.http) {
      EXPECT_EQ(o.http, row.want.http);
    }
    if (row.want.error) {
      EXPECT_NE(std::find(o.errors.begin(), o.errors.end(), *row.want.error), o.errors.end())
          << "want " << v1::ErrorCode_Name(*row.want.error) << ", got " << Describe(o);
    }
    if (row.want.close) {
      EXPECT_EQ(o.close, row.want.close) << Describe(o);
    }
    EXPECT_EQ(o.open, row.want.open) << Describe(o);
    ExpectNoInternalDetail(o.text);
    if (row.kind == Kind::kCapped) {
      EXPECT_TRUE(o.open);  // checked on an admitted keep-alive connection
    } else {
      EXPECT_TRUE(Healthy(env.Port(row.kind))) << "server down after: " << row.klass;
    }
    table += std::string("| ") + row.klass + " | " + Describe(o) + " |\n";
  }
  for (Kind kind : {Kind::kMain, Kind::kTight, Kind::kLimited})
    EXPECT_TRUE(Healthy(env.Port(kind)));
  for (Kind kind : {Kind::kMain, Kind::kTight, Kind::kCapped, Kind::kLimited})
    EXPECT_TRUE(env.Server(kind).running());
  std::cout << rows.size() << " classes of bad input:\n" << table;
  EXPECT_GE(rows.size(), 25u);
}

}  // namespace
}  // namespace weerbaar::testing
