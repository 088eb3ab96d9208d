// The partner's side: syncing the channel's cards, status, questions and updates (and the
// reporter's answers), and k-anonymous trends. A partner of another channel gets NOT_FOUND for a
// share, exactly as for one that does not exist.
#include <algorithm>

#include "common/bytes.h"
#include "server/relay_signals.h"
#include "server/signal_wire.h"
#include "signals/trends.h"

namespace weerbaar::server {
namespace {

// The share if the caller is a partner of its channel; kNotFound otherwise.
Result<storage::ShareRecord> PartnerShare(RelayCore& core, const Caller& caller, const Id& id) {
  WB_ASSIGN_OR_RETURN(storage::ShareRecord share, core.store.GetShare(id));
  WB_ASSIGN_OR_RETURN(bool member, core.store.IsChannelMember(share.channel_id, caller.user_id));
  if (!member || !Servable(core, share)) return NotFound("no such share");
  return share;
}

// Appends a question, update or answer, bounded by max_thread_entries, then pushes it.
void AppendThread(RelayCore& core, ConnId id, uint64_t rid, const Id& share_id,
                  storage::ShareThreadEntry entry) {
  const size_t max_entries = core.config.max_thread_entries;
  entry.time_ms = core.clock.NowMillis();
  core.store.UpdateShare(
      share_id,
      [entry, max_entries](storage::ShareRecord& s) {
        if (s.thread.size() >= max_entries) return ResourceExhausted("thread is full");
        s.thread.push_back(entry);
        return Status::Ok();
      },
      core.OnDurable<storage::ShareRecord>([&core, id, rid, entry](Result<storage::ShareRecord> r) {
        if (!r.ok()) return core.FailStatus(id, rid, r.status());
        ReplyOk(core, id, rid);
        v1::ServerMessage push;
        ThreadToWire(*r, entry, push.mutable_push_share_thread());
        if (entry.from_partner) return PushToUser(core, r->reporter_user, EncodeFrame(push));
        PushToChannel(core, r->channel_id, EncodeFrame(push));
      }));
}

// Of the share ids a partner device still holds, those it must delete: not a servable
// share of this channel any more (withdrawn, expired, erased, or never one of it).
void AddGoneShares(RelayCore& core, const v1::SyncChannel& s, v1::ChannelShares* out) {
  for (const std::string& held : s.held_share_ids()) {
    Result<storage::ShareRecord> share = core.store.GetShare(held);
    if (share.ok() && share->channel_id == s.channel_id() && Servable(core, *share)) continue;
    if (!share.ok() && share.status().code() != Code::kNotFound) continue;  // in doubt: keep
    out->add_gone_share_ids(held);
  }
}

}  // namespace

bool Servable(RelayCore& core, const storage::ShareRecord& share) {
  const signals::PartnerView view = ViewOf(share);
  if (!view.ShownInChannel()) return false;
  Result<storage::ConsentLedgerRecord> ledger =
      core.store.GetConsent(share.report_id, share.channel_id);
  if (!ledger.ok()) return false;
  std::optional<int64_t> withdrawn;
  if (ledger->withdrawn_ms != 0) withdrawn = ledger->withdrawn_ms;
  return signals::CheckServable(view, withdrawn, core.clock.NowMillis()).ok();
}

void HandleSyncChannel(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SyncChannel& s = req.sync_channel();
  const uint64_t rid = req.request_id();
  Result<bool> member = core.store.IsChannelMember(s.channel_id(), caller.user_id);
  if (!member.ok()) return core.FailStatus(id, rid, member.status());
  if (!*member) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  const uint32_t limit = s.limit() == 0 ? core.config.default_sync_limit : s.limit();
  auto shares = core.store.ReadChannelShares(s.channel_id(), s.after_seq(), limit);
  if (!shares.ok()) return core.FailStatus(id, rid, shares.status());
  v1::ServerMessage reply;
  v1::ChannelShares* out = reply.mutable_channel_shares();
  for (const storage::ShareRecord& share : *shares)
    if (Servable(core, share)) ShareToWire(share, out->add_shares());
  out->set_more(shares->size() == limit);
  AddGoneShares(core, s, out);
  core.Reply(id, rid, std::move(reply));
}

void HandleSetShareStatus(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::SetShareStatus& s = req.set_share_status();
  Result<storage::ShareRecord> share = PartnerShare(core, caller, s.share_id());
  if (!share.ok()) return core.FailStatus(id, rid, share.status());
  const auto to = static_cast<signals::ShareStatus>(s.status());
  core.store.UpdateShare(
      s.share_id(),
      [to](storage::ShareRecord& r) {
        WB_RETURN_IF_ERROR(
            signals::CheckStatusTransition(static_cast<signals::ShareStatus>(r.status), to));
        r.status = static_cast<uint8_t>(to);
        return Status::Ok();
      },
      core.OnDurable<storage::ShareRecord>([&core, id, rid](Result<storage::ShareRecord> r) {
        // The same status again is a retried update: OK, nothing written, nothing pushed.
        if (r.status().code() == Code::kAlreadyExists) return ReplyOk(core, id, rid);
        if (!r.ok()) return core.FailStatus(id, rid, r.status());
        ReplyOk(core, id, rid);
        v1::ServerMessage push;
        v1::ShareStatusChanged* changed = push.mutable_push_share_status();
        changed->set_share_id(r->share_id);
        changed->set_report_id(r->report_id);
        changed->set_channel_id(r->channel_id);
        changed->set_status(StatusToWire(r->status));
        PushToUser(core, r->reporter_user, EncodeFrame(push));
      }));
}

void HandleAskQuestion(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::AskQuestion& q = req.ask_question();
  Result<storage::ShareRecord> share = PartnerShare(core, caller, q.share_id());
  if (!share.ok()) return core.FailStatus(id, rid, share.status());
  if (!share->may_ask_questions) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  AppendThread(core, id, rid, q.share_id(), {true, q.sealed(), 0, false});
}

void HandlePostShareUpdate(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::PostShareUpdate& u = req.post_share_update();
  Result<storage::ShareRecord> share = PartnerShare(core, caller, u.share_id());
  if (!share.ok()) return core.FailStatus(id, rid, share.status());
  AppendThread(core, id, rid, u.share_id(), {true, u.sealed(), 0, true});
}

void HandleAnswerQuestion(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::AnswerQuestion& a = req.answer_question();
  Result<storage::ShareRecord> share = core.store.GetShare(a.share_id());
  if (!share.ok()) return core.FailStatus(id, rid, share.status());
  if (share->reporter_user != caller.user_id) return core.Fail(id, rid, v1::NOT_FOUND);
  AppendThread(core, id, rid, a.share_id(), {false, a.sealed(), 0, false});
}

namespace {

Result<std::vector<signals::TrendInput>> TrendInputs(RelayCore& core, const Id& channel_id,
                                                     int64_t from_ms, int64_t to_ms) {
  WB_ASSIGN_OR_RETURN(auto shares,
                      core.store.ReadChannelShares(channel_id, 0, core.config.trend_max_cards));
  std::vector<signals::TrendInput> inputs;
  for (const storage::ShareRecord& s : shares) {
    if (!s.geohash || !s.time_bucket_start_ms || s.reporter_trend_key.empty()) continue;
    if (*s.time_bucket_start_ms < from_ms || *s.time_bucket_start_ms >= to_ms) continue;
    inputs.push_back(
        {s.category, *s.geohash, *s.time_bucket_start_ms, ToBytes(s.reporter_trend_key)});
  }
  return inputs;
}

}  // namespace

void HandleGetTrends(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::GetTrends& t = req.get_trends();
  Result<storage::ChannelRecord> channel = core.store.GetChannel(t.channel_id());
  if (!channel.ok()) return core.FailStatus(id, rid, channel.status());
  Result<Standing> standing = CommunityStanding(core, caller, channel->community_id);
  Result<bool> member = core.store.IsChannelMember(t.channel_id(), caller.user_id);
  if (!standing.ok() || !member.ok()) return core.Fail(id, rid, v1::UNAVAILABLE);
  if (!MaySeeTrends(*standing, *member)) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  const auto clamp = [](uint64_t ms) {
    return static_cast<int64_t>(std::min<uint64_t>(ms, INT64_MAX));
  };
  auto inputs = TrendInputs(core, t.channel_id(), clamp(t.from_ms()), clamp(t.to_ms()));
  if (!inputs.ok()) return core.FailStatus(id, rid, inputs.status());
  signals::TrendOptions options{static_cast<int>(core.config.trend_k),
                                static_cast<int>(core.config.trend_coarsest_length)};
  auto trends = signals::ComputeTrends(*inputs, options);
  if (!trends.ok()) return core.FailStatus(id, rid, trends.status());
  v1::ServerMessage reply;
  v1::TrendCells* out = reply.mutable_trend_cells();
  for (const signals::TrendCell& c : trends->cells) {
    v1::TrendCell* cell = out->add_cells();
    cell->set_week(c.week);
    cell->set_category(c.category);
    cell->set_area(c.area);
    cell->set_reports(static_cast<uint32_t>(c.reports));
  }
  out->set_suppressed_reports(static_cast<uint32_t>(trends->suppressed_reports));
  core.Reply(id, rid, std::move(reply));
}

}  // namespace weerbaar::server
