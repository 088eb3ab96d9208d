// Client: the reporter's side of shares (docs/signals.md): preview, share with a signed
// consent, the list of my shares, withdrawal, answers; statuses and partners' updates
// relayed into the report's group and questions opened with the per-share reply key.
#include <algorithm>

#include "clients/client.h"
#include "clients/group_state.h"
#include "clients/signal_text.h"
#include "crypto/channel_seal.h"

namespace weerbaar::client {
namespace {

OwnShare* FindOwn(ClientState& state, const std::string& share_id) {
  for (OwnShare& s : *state.mutable_signals()->mutable_shares())
    if (!share_id.empty() && s.share_id() == share_id) return &s;
  return nullptr;
}

// A share whose reply never arrived (a crash or a lost connection after the send) gets
// its id from the server's list, so its reply key is found again.
bool AdoptPending(ClientState& state, const v1::MyShare& share) {
  if (FindOwn(state, share.share_id()) != nullptr) return false;
  for (OwnShare& s : *state.mutable_signals()->mutable_shares()) {
    if (!s.share_id().empty() || s.report_id() != share.report_id() ||
        s.channel_id() != share.channel_id())
      continue;
    s.set_share_id(share.share_id());
    return true;
  }
  return false;
}

// Opens a question or an update (sealed to the share's reply key, under the aad of its
// kind); nullopt if it does not open.
std::optional<std::string> OpenFromPartner(const OwnShare& own, const v1::ShareThreadEntry& e) {
  auto reply = crypto::X25519KeyPair::FromSecret(AsBytes(own.reply_secret()));
  const ByteView report_id = AsBytes(own.report_id()), channel_id = AsBytes(own.channel_id());
  auto aad = e.is_update() ? crypto::ShareUpdateAad(report_id, channel_id)
                           : crypto::ShareAad(report_id, channel_id);
  if (!reply.ok() || !aad.ok()) return std::nullopt;
  auto text = crypto::OpenWithReplyHandle(*reply, AsBytes(e.sealed()), *aad);
  if (!text.ok()) return std::nullopt;
  return ToString(*text);
}

ThreadLine LineFor(const OwnShare* own, const v1::ShareThreadEntry& e) {
  const bool update = e.from_partner() && e.is_update();
  ThreadLine line{e.from_partner(), update, false, "", e.server_time_ms()};
  std::optional<std::string> text;
  if (e.from_partner() && own != nullptr) text = OpenFromPartner(*own, e);
  const std::string* sent = own != nullptr ? SentTextOf(own->sent_answers(), e.sealed()) : nullptr;
  if (!e.from_partner() && sent != nullptr) text = *sent;
  line.opened = text.has_value();
  line.text = text               ? *text
              : update           ? "[update this device cannot open]"
              : e.from_partner() ? "[question this device cannot open]"
                                 : "[answer, sealed to the channel]";
  return line;
}

// A group message about one of my shares (a status or a partner's update follows).
v1::GroupContent ShareUpdateContent(const OwnShare& own) {
  v1::GroupContent content;
  v1::ShareUpdateBody* update = content.mutable_share_update();
  update->set_report_id(own.report_id());
  update->set_channel_id(own.channel_id());
  update->set_channel_name(own.channel_name());
  return content;
}

}  // namespace

Result<SharePreview> Client::PreviewShare(ByteView report_id, ByteView channel_id,
                                          const ShareOptions& options) {
  WB_ASSIGN_OR_RETURN(LocalReport report, FindReport(report_id));
  WB_ASSIGN_OR_RETURN(v1::ChannelInfo channel, LookupChannel(channel_id));
  WB_ASSIGN_OR_RETURN(const signals::Taxonomy* taxonomy, Taxonomy());
  ShareOptions o = options;
  if (o.contact_name.empty()) o.contact_name = state_.display_name();
  return client::PreviewShare(report, channel, o, *taxonomy, options_.clock->NowMillis());
}

Result<Bytes> Client::ShareReport(ByteView report_id, ByteView channel_id,
                                  const ShareOptions& options) {
  WB_ASSIGN_OR_RETURN(SharePreview preview, PreviewShare(report_id, channel_id, options));
  WB_ASSIGN_OR_RETURN(LocalReport report, FindReport(report_id));
  WB_ASSIGN_OR_RETURN(v1::ChannelInfo channel, LookupChannel(channel_id));
  WB_ASSIGN_OR_RETURN(BuiltShare built, BuildShare(*identity_, report, channel, preview,
                                                   options_.clock->NowMillis()));
  OwnShare* own = state_.mutable_signals()->add_shares();
  own->set_report_id(report.report_id());
  own->set_channel_id(channel.channel_id());
  own->set_channel_name(channel.name());
  own->set_reply_secret(ToString(built.reply.secret.view()));
  // The reply key is on disk before any partner can use it (its share id comes later).
  WB_RETURN_IF_ERROR(Save());
  v1::ClientMessage request;
  *request.mutable_share_report() = std::move(built.request);
  auto reply = Call(std::move(request));
  auto* shares = state_.mutable_signals()->mutable_shares();
  own = shares->Mutable(shares->size() - 1);  // Call changes no state
  // Lost on the way back: the share may exist, so the key stays for ListMyShares to adopt.
  if (!reply.ok() && (reply.status().code() == Code::kUnavailable ||
                      reply.status().code() == Code::kDeadlineExceeded))
    return reply.status();
  if (!reply.ok() || !reply->has_share_accepted()) {
    WipeSecret(*own->mutable_reply_secret());
    shares->RemoveLast();
    WB_RETURN_IF_ERROR(Save());
    return reply.ok() ? DataLoss("unexpected reply from the server") : reply.status();
  }
  own->set_share_id(reply->share_accepted().share_id());
  WB_RETURN_IF_ERROR(Save());
  return ToBytes(reply->share_accepted().share_id());
}

Result<std::vector<MyShareView>> Client::ListMyShares() {
  v1::ClientMessage request;
  request.mutable_list_my_shares();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_my_shares()) return DataLoss("unexpected reply from the server");
  std::vector<MyShareView> out;
  for (const v1::MyShare& share : reply.my_shares().shares()) {
    if (AdoptPending(state_, share)) WB_RETURN_IF_ERROR(Save());
    WB_RETURN_IF_ERROR(RelayStatus(share.share_id(), share.status()));
    for (const v1::ShareThreadEntry& e : share.thread())
      WB_RETURN_IF_ERROR(RelayUpdate(share.share_id(), e));
    const OwnShare* own = FindOwn(state_, share.share_id());
    MyShareView view{
        share, own != nullptr ? own->channel_name() : ShortHex(share.channel_id()), {}};
    for (const v1::ShareThreadEntry& e : share.thread()) view.thread.push_back(LineFor(own, e));
    out.push_back(std::move(view));
  }
  return out;
}

Status Client::WithdrawConsent(ByteView report_id, ByteView channel_id) {
  if (!joined()) return FailedPrecondition("this profile has not joined a server");
  WB_ASSIGN_OR_RETURN(v1::WithdrawConsent withdrawal,
                      BuildWithdrawal(*identity_, ToString(report_id), ToString(channel_id),
                                      options_.clock->NowMillis()));
  v1::ClientMessage request;
  *request.mutable_withdraw_consent() = std::move(withdrawal);
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_ok()) return DataLoss("unexpected reply from the server");
  for (const OwnShare& s : state_.signals().shares())
    if (SameBytes(s.report_id(), report_id) && SameBytes(s.channel_id(), channel_id))
      return ForgetShare(s.share_id());
  return Status::Ok();
}

Status Client::ForgetShare(const std::string& share_id) {
  auto* shares = state_.mutable_signals()->mutable_shares();
  for (int i = 0; i < shares->size(); ++i) {
    if (shares->Get(i).share_id() != share_id) continue;
    WipeSecret(*shares->Mutable(i)->mutable_reply_secret());
    for (SentText& sent : *shares->Mutable(i)->mutable_sent_answers())
      WipeSecret(*sent.mutable_text());
    shares->DeleteSubrange(i, 1);
    return Save();
  }
  return Status::Ok();
}

Status Client::AnswerQuestion(ByteView share_id, std::string_view text) {
  const OwnShare* own = FindOwn(state_, ToString(share_id));
  if (own == nullptr) return NotFound("no share with that id on this device");
  if (text.empty()) return InvalidArgument("empty answer");
  WB_ASSIGN_OR_RETURN(v1::ChannelInfo channel, LookupChannel(AsBytes(own->channel_id())));
  WB_ASSIGN_OR_RETURN(Bytes aad,
                      crypto::ShareAad(AsBytes(own->report_id()), AsBytes(own->channel_id())));
  WB_ASSIGN_OR_RETURN(Bytes sealed,
                      crypto::SealToChannel(AsBytes(channel.public_key()), AsBytes(text), aad));
  v1::ClientMessage request;
  request.mutable_answer_question()->set_share_id(ToString(share_id));
  request.mutable_answer_question()->set_sealed(ToString(sealed));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_ok()) return DataLoss("unexpected reply from the server");
  OwnShare* mine = FindOwn(state_, ToString(share_id));  // found again: Call may handle pushes
  if (mine == nullptr) return Status::Ok();
  KeepSentText(*mine->mutable_sent_answers(), ToString(sealed), text);
  return Save();
}

std::vector<ShareQuestion> Client::TakeQuestions() { return std::exchange(questions_, {}); }

Status Client::RelayStatus(const std::string& share_id, v1::ShareStatus status) {
  OwnShare* own = FindOwn(state_, share_id);
  // Received is where every share starts; only a partner's change is news for the group.
  if (own == nullptr || status == v1::STATUS_RECEIVED) return Status::Ok();
  const auto& posted = own->posted_statuses();
  if (std::find(posted.begin(), posted.end(), static_cast<uint32_t>(status)) != posted.end())
    return Status::Ok();
  auto report = FindReport(AsBytes(own->report_id()));
  if (!report.ok()) return Status::Ok();  // filed on another device: that one relays it
  v1::GroupContent content = ShareUpdateContent(*own);
  content.mutable_share_update()->set_status(status);
  WB_RETURN_IF_ERROR(SendContent(AsBytes(report->group_id()), content));
  FindOwn(state_, share_id)->add_posted_statuses(static_cast<uint32_t>(status));
  return Save();
}

Status Client::RelayUpdate(const std::string& share_id, const v1::ShareThreadEntry& entry) {
  OwnShare* own = FindOwn(state_, share_id);
  if (own == nullptr || !entry.from_partner() || !entry.is_update()) return Status::Ok();
  const std::string key = SealedBoxId(entry.sealed());
  const auto& posted = own->posted_updates();
  if (std::find(posted.begin(), posted.end(), key) != posted.end()) return Status::Ok();
  auto report = FindReport(AsBytes(own->report_id()));
  if (!report.ok()) return Status::Ok();  // filed on another device: that one relays it
  std::optional<std::string> text = OpenFromPartner(*own, entry);
  if (!text) {
    Warn("an update about share " + ShortHex(share_id) + " did not open");
    return Status::Ok();
  }
  v1::GroupContent content = ShareUpdateContent(*own);
  content.mutable_share_update()->set_update_text(CapShareUpdateText(*text));
  WB_RETURN_IF_ERROR(SendContent(AsBytes(report->group_id()), content));
  FindOwn(state_, share_id)->add_posted_updates(key);
  return Save();
}

Status Client::HandleSignalPush(const v1::ServerMessage& push) {
  if (push.has_push_share_status())
    return RelayStatus(push.push_share_status().share_id(), push.push_share_status().status());
  if (push.has_push_share_retracted()) {
    DropHeld(push.push_share_retracted().share_id());
    return Save();
  }
  if (push.has_push_channel_share() ||
      (push.has_push_share_thread() && !push.push_share_thread().from_partner()))
    return HandlePartnerPush(push);
  if (!push.has_push_share_thread()) return Status::Ok();
  const v1::ShareThreadEntry& e = push.push_share_thread();
  if (e.is_update()) return RelayUpdate(e.share_id(), e);
  const OwnShare* own = FindOwn(state_, e.share_id());
  if (own == nullptr) return Status::Ok();
  std::optional<std::string> text = OpenFromPartner(*own, e);
  if (!text) Warn("a question about share " + ShortHex(e.share_id()) + " did not open");
  if (text) questions_.push_back({e.share_id(), e.report_id(), e.channel_id(), *text});
  return Status::Ok();
}

}  // namespace weerbaar::client
