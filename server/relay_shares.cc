// The reporter's side: sharing a report with a channel, withdrawing the consent, and the
// list of her own shares with their status and questions.
#include "common/bytes.h"
#include "crypto/consent.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "server/relay_signals.h"
#include "server/signal_wire.h"
#include "signals/calendar.h"

namespace weerbaar::server {
namespace {

// Trend secrets rotate per calendar quarter (UTC) and are kept one more quarter, so the
// last quarter's trends can be finished; then cards can no longer be linked to a reporter.
constexpr int kTrendSecretQuarters = 2;

struct Admitted {
  signals::PartnerView view;
  Id channel_id;
  Id consent_device;
};

// Everything AdmitShare needs, looked up for the caller; the error to reply otherwise.
Result<Admitted> Admit(RelayCore& core, const Caller& caller, const v1::ShareReport& s) {
  WB_ASSIGN_OR_RETURN(storage::ChannelRecord channel, core.store.GetChannel(s.channel_id()));
  WB_ASSIGN_OR_RETURN(Standing standing, CommunityStanding(core, caller, channel.community_id));
  if (!MayShare(standing)) return PermissionDenied("not a resident of the community");
  if (s.card().community_id() != channel.community_id) return PermissionDenied("community");
  if (channel.public_key.empty()) return FailedPrecondition("channel has no key yet");
  WB_ASSIGN_OR_RETURN(crypto::ConsentRecord consent, crypto::DecodeConsent(AsBytes(s.consent())));
  // The consent must be signed by the device that sends it.
  if (ToString(consent.device_id) != caller.device_id) return Unauthenticated("consent device");
  WB_ASSIGN_OR_RETURN(storage::DeviceRecord device, core.store.GetDevice(caller.device_id));
  WB_ASSIGN_OR_RETURN(const signals::Taxonomy* taxonomy, CurrentTaxonomy(core));
  const Bytes pseudonym = signals::NewSharePseudonym();
  WB_ASSIGN_OR_RETURN(signals::PartnerView view,
                      signals::AdmitShare(ShareRequestFromWire(s), AsBytes(channel.channel_id),
                                          PolicyOf(channel), *taxonomy, AsBytes(device.signing_key),
                                          pseudonym, core.clock.NowMillis()));
  return Admitted{std::move(view), channel.channel_id, caller.device_id};
}

void StoreShare(RelayCore& core, ConnId id, uint64_t rid, const Caller& caller, Admitted admitted,
                const v1::ShareReport& s, const std::string& secret) {
  Result<Bytes> trend_key =
      signals::ReporterTrendKey(crypto::SecretBytes(AsBytes(secret)), AsBytes(caller.user_id));
  if (!trend_key.ok()) return core.FailStatus(id, rid, trend_key.status());
  storage::ShareRecord share =
      ShareFromView(admitted.view, ToString(crypto::RandomBytes(protocol::kIdBytes)),
                    admitted.channel_id, caller.user_id);
  share.reporter_trend_key = ToString(*trend_key);
  storage::ConsentLedgerRecord ledger;
  ledger.consent = s.consent();
  ledger.signature = s.consent_signature();
  ledger.device_id = admitted.consent_device;
  core.store.AddShare(
      std::move(share), std::move(ledger),
      core.OnDurable<storage::ShareRecord>([&core, id, rid](Result<storage::ShareRecord> r) {
        if (!r.ok()) return core.FailStatus(id, rid, r.status());
        v1::ServerMessage reply;
        reply.mutable_share_accepted()->set_share_id(r->share_id);
        core.Reply(id, rid, std::move(reply));
        if (!ViewOf(*r).ShownInChannel()) return;
        v1::ServerMessage push;
        ShareToWire(*r, push.mutable_push_channel_share());
        PushToChannel(core, r->channel_id, EncodeFrame(push));
      }));
}

}  // namespace

void HandleShareReport(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  Result<Admitted> admitted = Admit(core, caller, req.share_report());
  if (!admitted.ok()) return core.FailStatus(id, rid, admitted.status());
  const int64_t now = core.clock.NowMillis();
  const signals::Quarter quarter = signals::QuarterOf(now);
  const uint32_t period = quarter.number;
  const int64_t expiry = quarter.StartAfter(kTrendSecretQuarters);
  Id channel_id = admitted->channel_id;
  core.store.TrendSecret(
      std::move(channel_id), period, expiry,
      core.OnDurable<std::string>([&core, id, rid, caller, admitted = std::move(*admitted),
                                   share = req.share_report()](Result<std::string> secret) mutable {
        if (!secret.ok()) return core.FailStatus(id, rid, secret.status());
        StoreShare(core, id, rid, caller, std::move(admitted), share, *secret);
      }));
}

namespace {

// The consent ledger entry a withdrawal names, checked for the caller's device.
Result<crypto::ConsentWithdrawal> CheckedWithdrawal(RelayCore& core, const Caller& caller,
                                                    const v1::WithdrawConsent& w) {
  WB_ASSIGN_OR_RETURN(crypto::ConsentWithdrawal withdrawal,
                      crypto::DecodeWithdrawal(AsBytes(w.withdrawal())));
  if (ToString(withdrawal.device_id) != caller.device_id) return Unauthenticated("device");
  WB_ASSIGN_OR_RETURN(
      storage::ConsentLedgerRecord ledger,
      core.store.GetConsent(ToString(withdrawal.report_id), ToString(withdrawal.channel_id)));
  // Any device of the consenting user may withdraw; nobody else learns the share exists.
  if (ledger.user_id != caller.user_id) return NotFound("no such consent");
  WB_ASSIGN_OR_RETURN(crypto::ConsentRecord consent,
                      crypto::DecodeConsent(AsBytes(ledger.consent)));
  WB_ASSIGN_OR_RETURN(storage::DeviceRecord device, core.store.GetDevice(caller.device_id));
  WB_RETURN_IF_ERROR(crypto::CheckWithdrawal(withdrawal, AsBytes(w.signature()),
                                             AsBytes(device.signing_key), consent,
                                             core.clock.NowMillis()));
  return withdrawal;
}

}  // namespace

void HandleWithdrawConsent(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const v1::WithdrawConsent& w = req.withdraw_consent();
  Result<crypto::ConsentWithdrawal> withdrawal = CheckedWithdrawal(core, caller, w);
  if (!withdrawal.ok()) return core.FailStatus(id, rid, withdrawal.status());
  core.store.WithdrawShare(ToString(withdrawal->report_id), ToString(withdrawal->channel_id),
                           w.withdrawal(), w.signature(), caller.user_id,
                           core.OnDurable<storage::WithdrawOutcome>(
                               [&core, id, rid](Result<storage::WithdrawOutcome> r) {
                                 if (!r.ok()) return core.FailStatus(id, rid, r.status());
                                 ReplyOk(core, id, rid);
                                 PushShareRetracted(core, r->share_id, r->channel_id);
                               }));
}

void PushShareRetracted(RelayCore& core, const Id& share_id, const Id& channel_id) {
  v1::ServerMessage push;
  push.mutable_push_share_retracted()->set_share_id(share_id);
  push.mutable_push_share_retracted()->set_channel_id(channel_id);
  PushToChannel(core, channel_id, EncodeFrame(push));
}

void HandleListMyShares(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  auto shares = core.store.SharesOfUser(caller.user_id);
  if (!shares.ok()) return core.FailStatus(id, req.request_id(), shares.status());
  v1::ServerMessage reply;
  reply.mutable_my_shares();
  for (const storage::ShareRecord& s : *shares) {
    v1::MyShare* out = reply.mutable_my_shares()->add_shares();
    out->set_share_id(s.share_id);
    out->set_report_id(s.report_id);
    out->set_channel_id(s.channel_id);
    out->set_status(StatusToWire(s.status));
    for (const storage::ShareThreadEntry& e : s.thread) ThreadToWire(s, e, out->add_thread());
  }
  core.Reply(id, req.request_id(), std::move(reply));
}

}  // namespace weerbaar::server
