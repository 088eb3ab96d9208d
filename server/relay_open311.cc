// Open311 GeoReport v2 over signed HTTP (docs/signals.md, "Open311"): a partner system
// pulls its channel's cards with requests signed by a registered partner device.
//
//   GET /open311/v2/channels/<channel hex>/services.json
//   GET /open311/v2/channels/<channel
//   hex>/requests.json[?service_code=&status=&start_date=&end_date=] GET
//   /open311/v2/channels/<channel hex>/requests/<share hex>.json
//
// Every request is authenticated (401), authorised (403: not a partner of the channel) and
// served only what SyncChannel would serve (Servable): never a withdrawn or expired share.
#include <boost/url/parse.hpp>
#include <cstdint>

#include "common/bytes.h"
#include "crypto/http_transcript.h"
#include "protocol/http_signature.h"
#include "server/log.h"
#include "server/open311.h"
#include "server/relay_core.h"
#include "server/relay_signals.h"
#include "server/signal_wire.h"

namespace weerbaar::server {
namespace {

namespace urls = boost::urls;

struct Target {
  Id channel_id;
  enum { kServices, kRequests, kRequest } what = kServices;
  Id share_id;
  std::vector<std::pair<std::string, std::string>> params;
};

HttpAnswer Error(int status, std::string_view description) {
  HttpAnswer a{status, RenderOpen311Error(status, description)};
  a.challenge = status == 401;
  a.retry = status == 503;
  return a;
}

std::optional<Id> HexId(std::string_view hex) {
  std::optional<Bytes> id = HexDecode(hex);
  if (!id || id->size() != 16) return std::nullopt;
  return ToString(*id);
}

// Splits the target; nullopt for anything that is not one of the three routes.
std::optional<Target> ParseTarget(std::string_view raw) {
  auto url = urls::parse_origin_form(raw);
  if (!url) return std::nullopt;
  std::vector<std::string> seg(url->segments().begin(), url->segments().end());
  if (seg.size() < 5 || seg[0] != "open311" || seg[1] != "v2" || seg[2] != "channels")
    return std::nullopt;
  Target t;
  std::optional<Id> channel = HexId(seg[3]);
  if (!channel) return std::nullopt;
  t.channel_id = *channel;
  if (seg.size() == 5 && seg[4] == "services.json") {
    t.what = Target::kServices;
  } else if (seg.size() == 5 && seg[4] == "requests.json") {
    t.what = Target::kRequests;
  } else if (seg.size() == 6 && seg[4] == "requests" && seg[5].size() == 37 &&
             seg[5].substr(32) == ".json") {
    std::optional<Id> share = HexId(seg[5].substr(0, 32));
    if (!share) return std::nullopt;
    t.what = Target::kRequest;
    t.share_id = *share;
  } else {
    return std::nullopt;
  }
  for (auto param : url->params()) t.params.emplace_back(param.key, param.value);
  return t;
}

// The user behind a valid, fresh, never-seen signature over this request; or the answer.
Result<Id> Authenticate(RelayCore& core, const HttpCall& call) {
  if (call.authorization.empty()) return Unauthenticated("signature required");
  Result<protocol::HttpSignature> parsed = protocol::ParseHttpSignature(call.authorization);
  if (!parsed.ok()) return Unauthenticated(parsed.status().message());  // 401, not 400
  const protocol::HttpSignature& sig = *parsed;
  const int64_t now = core.clock.NowMillis();
  const int64_t skew = int64_t{core.config.http_signature_skew_seconds} * 1000;
  const int64_t at = static_cast<int64_t>(std::min<uint64_t>(sig.time_ms, INT64_MAX));
  if (at > now + skew || at < now - skew) return Unauthenticated("signed time out of range");
  Result<storage::DeviceRecord> device = core.store.GetDevice(sig.device_id);
  if (!device.ok() && device.status().code() != Code::kNotFound) return device.status();
  const std::string server_id = core.store.server_id();
  crypto::HttpRequestTranscript t{call.method, call.target,        AsBytes(server_id),
                                  sig.time_ms, AsBytes(sig.nonce), AsBytes(sig.device_id)};
  // An unknown device and a bad signature get the same answer: no device enumeration.
  if (!device.ok() ||
      !crypto::VerifyHttpRequest(AsBytes(device->signing_key), t, AsBytes(sig.signature)))
    return Unauthenticated("bad signature");
  Status fresh = core.http_nonces.Admit(sig.nonce, now);
  if (fresh.code() == Code::kAlreadyExists) return Unauthenticated("replayed request");
  WB_RETURN_IF_ERROR(fresh);
  return device->user_id;
}

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    default:
      return 503;
  }
}

// The channel's servable shares matching the query, in seq order, at most `limit`.
Result<std::vector<storage::ShareRecord>> Matching(RelayCore& core, const Id& channel,
                                                   const Open311Query& query, size_t limit) {
  std::vector<storage::ShareRecord> out;
  constexpr size_t kPage = 256;
  for (uint64_t after = 0; out.size() < limit;) {
    WB_ASSIGN_OR_RETURN(auto page, core.store.ReadChannelShares(channel, after, kPage));
    for (storage::ShareRecord& s : page) {
      after = s.seq;
      if (out.size() < limit && MatchesOpen311Query(s, query) && Servable(core, s))
        out.push_back(std::move(s));
    }
    if (page.size() < kPage) break;
  }
  return out;
}

Result<std::string> Answer(RelayCore& core, const Target& t, const storage::ChannelRecord& ch,
                           const signals::Taxonomy& taxonomy) {
  if (t.what == Target::kServices) return RenderOpen311Services(ch, taxonomy);
  if (t.what == Target::kRequest) {
    Result<storage::ShareRecord> share = core.store.GetShare(t.share_id);
    if (!share.ok() || share->channel_id != t.channel_id || !Servable(core, *share))
      return NotFound("no such request");
    return RenderOpen311Requests(ch, taxonomy, {*share});
  }
  WB_ASSIGN_OR_RETURN(Open311Query query,
                      ParseOpen311Query(t.params, core.clock.NowMillis(),
                                        static_cast<int>(core.config.open311_default_days)));
  WB_ASSIGN_OR_RETURN(auto shares,
                      Matching(core, t.channel_id, query, core.config.open311_max_requests));
  return RenderOpen311Requests(ch, taxonomy, shares);
}

HttpAnswer Serve(RelayCore& core, const HttpCall& call) {
  if (call.method != "GET") return Error(405, "only GET");
  std::optional<Target> target = ParseTarget(call.target);
  if (!target) return Error(404, "no such endpoint");
  Result<Id> user = Authenticate(core, call);
  if (!user.ok()) return Error(HttpStatusFor(user.status()), user.status().message());
  Result<bool> member = core.store.IsChannelMember(target->channel_id, *user);
  if (!member.ok()) return Error(503, "try again later");
  if (!*member) return Error(403, "not a partner of this channel");
  Result<storage::ChannelRecord> channel = core.store.GetChannel(target->channel_id);
  Result<const signals::Taxonomy*> taxonomy = CurrentTaxonomy(core);
  if (!channel.ok() || !taxonomy.ok()) return Error(503, "try again later");
  Result<std::string> body = Answer(core, *target, *channel, **taxonomy);
  if (!body.ok()) return Error(HttpStatusFor(body.status()), body.status().message());
  return HttpAnswer{200, std::move(*body)};
}

}  // namespace

HttpAnswer Relay::HandleOpen311(const HttpCall& call) {
  HttpAnswer answer = Serve(*core_, call);
  if (answer.status >= 500) Log().warn("open311 request failed: {}", answer.status);
  return answer;
}

}  // namespace weerbaar::server
