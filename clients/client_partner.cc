// Client: the partner's side of a channel (docs/signals.md): the channel key made on first
// use, the local copies of the channel's shares kept in step with the server, opening
// their sealed parts, status changes and questions through the reply handle.
#include <utility>

#include "clients/client.h"
#include "clients/group_state.h"
#include "clients/signal_text.h"
#include "crypto/channel_seal.h"
#include "protocol/codec.h"

namespace weerbaar::client {
namespace {

constexpr char kNoKeyHere[] =
    "this device does not hold the channel's key yet: it was made on another partner device, "
    "which passes it on the next time it syncs the channel";

PartnerChannel* FindChannel(ClientState& state, ByteView channel_id) {
  for (PartnerChannel& c : *state.mutable_signals()->mutable_channels())
    if (SameBytes(c.channel_id(), channel_id)) return &c;
  return nullptr;
}

// Stores `share` as the channel's copy, replacing an older one. True if it was new.
bool PutHeld(PartnerChannel& channel, const v1::ChannelShare& share) {
  for (HeldShare& h : *channel.mutable_held())
    if (h.share_id() == share.share_id()) {
      h.set_channel_share(share.SerializeAsString());
      return false;
    }
  HeldShare* h = channel.add_held();
  h->set_share_id(share.share_id());
  h->set_channel_share(share.SerializeAsString());
  return true;
}

struct Opener {
  crypto::X25519KeyPair key;
  Bytes aad;
  Result<std::string> Open(const std::string& box) const {
    WB_ASSIGN_OR_RETURN(Bytes plain, crypto::OpenFromChannel(key, AsBytes(box), aad));
    return ToString(plain);
  }
};

Result<Opener> OpenerFor(const PartnerChannel& channel, const v1::ChannelShare& share) {
  if (channel.secret_key().empty()) return FailedPrecondition(kNoKeyHere);
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair key,
                      crypto::X25519KeyPair::FromSecret(AsBytes(channel.secret_key())));
  WB_ASSIGN_OR_RETURN(Bytes aad,
                      crypto::ShareAad(AsBytes(share.report_id()), AsBytes(channel.channel_id())));
  return Opener{std::move(key), std::move(aad)};
}

Status OpenParts(const Opener& opener, PartnerCard& card) {
  const v1::ChannelShare& s = card.share;
  if (!s.sealed_details().empty()) {
    WB_ASSIGN_OR_RETURN(std::string plain, opener.Open(s.sealed_details()));
    v1::SharedDetails details;
    if (!details.ParseFromString(plain)) return DataLoss("the details do not parse");
    card.details_text = details.text();
    card.reply_public_key = details.reply_public_key();
  }
  if (!s.sealed_photo().empty()) {
    WB_ASSIGN_OR_RETURN(card.photo, opener.Open(s.sealed_photo()));
  }
  if (!s.sealed_contact().empty()) {
    WB_ASSIGN_OR_RETURN(std::string plain, opener.Open(s.sealed_contact()));
    card.contact.emplace();
    if (!card.contact->ParseFromString(plain)) return DataLoss("the contact does not parse");
  }
  return Status::Ok();
}

// A line of the thread: an answer opened with the channel key; a question or update this
// device sent from its kept copy.
ThreadLine PartnerLine(const Opener* opener, const HeldShare& held, const v1::ShareThreadEntry& e) {
  ThreadLine line{e.from_partner(), e.from_partner() && e.is_update(), false, "",
                  e.server_time_ms()};
  const std::string* sent = e.from_partner() ? SentTextOf(held.sent(), e.sealed()) : nullptr;
  auto text = sent != nullptr                          ? Result<std::string>(*sent)
              : opener != nullptr && !e.from_partner() ? opener->Open(e.sealed())
                                                       : Result<std::string>(NotFound(""));
  line.opened = text.ok();
  line.text = text.ok()          ? *text
              : line.is_update   ? "[update, sealed to the reporter for the group]"
              : e.from_partner() ? "[question, sealed to the reporter]"
                                 : "[answer this device cannot open]";
  return line;
}

// The channel and the copy of a share this device holds; nullptrs if it holds none.
std::pair<PartnerChannel*, HeldShare*> FindHeld(ClientState& state, ByteView share_id) {
  for (PartnerChannel& c : *state.mutable_signals()->mutable_channels())
    for (HeldShare& h : *c.mutable_held())
      if (SameBytes(h.share_id(), share_id)) return {&c, &h};
  return {nullptr, nullptr};
}

// The request that carries a box sealed to the reporter: a question or an update.
v1::ClientMessage ToReporterRequest(ByteView share_id, const Bytes& sealed, bool update) {
  v1::ClientMessage request;
  if (update) {
    request.mutable_post_share_update()->set_share_id(ToString(share_id));
    request.mutable_post_share_update()->set_sealed(ToString(sealed));
  } else {
    request.mutable_ask_question()->set_share_id(ToString(share_id));
    request.mutable_ask_question()->set_sealed(ToString(sealed));
  }
  return request;
}

PartnerCard CardFor(const PartnerChannel& channel, const HeldShare& held, v1::ChannelShare share) {
  PartnerCard card;
  card.share = std::move(share);
  auto opener = OpenerFor(channel, card.share);
  Status st = opener.ok() ? OpenParts(*opener, card) : opener.status();
  card.opened = st.ok();
  card.problem = st.ok() ? "" : st.message();
  for (const v1::ShareThreadEntry& e : card.share.thread())
    card.thread.push_back(PartnerLine(opener.ok() ? &*opener : nullptr, held, e));
  return card;
}

std::vector<std::string> HeldIds(const PartnerChannel& channel) {
  std::vector<std::string> ids;
  for (const HeldShare& h : channel.held()) ids.push_back(h.share_id());
  return ids;
}

// The shares after `after_seq`, naming the copies this device holds (as many as allowed).
v1::ClientMessage SyncRequest(const PartnerChannel& channel, uint64_t after_seq) {
  v1::ClientMessage request;
  v1::SyncChannel* sync = request.mutable_sync_channel();
  sync->set_channel_id(channel.channel_id());
  sync->set_after_seq(after_seq);
  std::vector<std::string> held = HeldIds(channel);
  held.resize(std::min<size_t>(held.size(), protocol::Limits{}.max_sync_limit));
  for (std::string& id : held) sync->add_held_share_ids(std::move(id));
  return request;
}

}  // namespace

Result<PartnerChannel*> Client::PartnerChannelFor(ByteView channel_id) {
  PartnerChannel* found = FindChannel(state_, channel_id);
  if (found != nullptr && !found->secret_key().empty()) return found;
  WB_ASSIGN_OR_RETURN(v1::ChannelInfo info, LookupChannel(channel_id));
  found = FindChannel(state_, channel_id);
  if (found == nullptr) {
    found = state_.mutable_signals()->add_channels();
    found->set_channel_id(info.channel_id());
    found->set_community_id(info.community_id());
  }
  if (info.public_key().empty()) {
    WB_RETURN_IF_ERROR(RegisterChannelKey(*found, info));
  } else if (found->public_key() != info.public_key()) {
    found->set_public_key(info.public_key());
    Warn(kNoKeyHere);
  }
  WB_RETURN_IF_ERROR(Save());
  return found;
}

Status Client::RegisterChannelKey(PartnerChannel& channel, const v1::ChannelInfo& info) {
  crypto::X25519KeyPair key = crypto::X25519KeyPair::Generate();
  channel.set_secret_key(ToString(key.secret.view()));
  channel.set_public_key(ToString(key.public_key));
  // The secret is on disk before the server hands out the public key to reporters.
  WB_RETURN_IF_ERROR(Save());
  v1::ClientMessage request;
  request.mutable_set_channel_key()->set_channel_id(info.channel_id());
  request.mutable_set_channel_key()->set_public_key(ToString(key.public_key));
  auto reply = Call(std::move(request));
  if (reply.ok()) return Status::Ok();
  // Not registered (another partner device was first, or an error): the secret is useless.
  WipeSecret(*channel.mutable_secret_key());
  channel.clear_public_key();
  return reply.status();
}

Result<ChannelSyncResult> Client::SyncChannel(ByteView channel_id, bool from_start) {
  WB_ASSIGN_OR_RETURN(PartnerChannel * channel, PartnerChannelFor(channel_id));
  // A device without the key looks for it in its inbox; one with it passes it on.
  if (channel->secret_key().empty()) {
    WB_RETURN_IF_ERROR(ProcessInbox());
    channel = FindChannel(state_, channel_id);
  } else {
    WB_RETURN_IF_ERROR(ShareChannelKey(*channel));
  }
  ChannelSyncResult result;
  uint64_t after = from_start ? 0 : channel->cursor();
  std::vector<std::string> seen;
  for (bool more = true; more;) {
    v1::ClientMessage request = SyncRequest(*channel, after);
    WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
    if (!reply.has_channel_shares()) return DataLoss("unexpected reply from the server");
    const v1::ChannelShares& page = reply.channel_shares();
    uint64_t before = after;
    for (const v1::ChannelShare& share : page.shares()) {
      after = std::max(after, share.seq());
      seen.push_back(share.share_id());
      if (PutHeld(*channel, share)) ++result.new_shares;
    }
    for (const std::string& gone : page.gone_share_ids()) result.gone += DropHeld(gone);
    channel->set_cursor(std::max(channel->cursor(), after));
    more = page.more() && after > before;
  }
  // A full read names every servable share: copies it left out are gone.
  if (from_start)
    for (const std::string& id : HeldIds(*channel))
      if (std::find(seen.begin(), seen.end(), id) == seen.end()) result.gone += DropHeld(id);
  WB_RETURN_IF_ERROR(Save());
  return result;
}

Result<std::vector<PartnerCard>> Client::PartnerCards(ByteView channel_id) const {
  const PartnerChannel* channel = nullptr;
  for (const PartnerChannel& c : state_.signals().channels())
    if (SameBytes(c.channel_id(), channel_id)) channel = &c;
  if (channel == nullptr) return NotFound("this device has not synced that channel");
  std::vector<PartnerCard> out;
  for (const HeldShare& h : channel->held()) {
    v1::ChannelShare share;
    if (!share.ParseFromString(h.channel_share())) continue;
    out.push_back(CardFor(*channel, h, std::move(share)));
  }
  return out;
}

Status Client::SetShareStatus(ByteView share_id, v1::ShareStatus status) {
  v1::ClientMessage request;
  request.mutable_set_share_status()->set_share_id(ToString(share_id));
  request.mutable_set_share_status()->set_status(status);
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  return reply.has_ok() ? Status::Ok() : DataLoss("unexpected reply from the server");
}

Status Client::AskQuestion(ByteView share_id, std::string_view text) {
  if (text.empty()) return InvalidArgument("empty question");
  return SendToReporter(share_id, text, false);
}

Status Client::PostShareUpdate(ByteView share_id, std::string_view text) {
  if (text.empty()) return InvalidArgument("empty update");
  if (text.size() > kMaxShareUpdateTextBytes)
    return InvalidArgument("an update is at most " + std::to_string(kMaxShareUpdateTextBytes) +
                           " bytes");
  return SendToReporter(share_id, text, true);
}

Status Client::SendToReporter(ByteView share_id, std::string_view text, bool update) {
  auto [channel, held] = FindHeld(state_, share_id);
  if (held == nullptr) return NotFound("no share with that id on this device: sync the channel");
  v1::ChannelShare share;
  if (!share.ParseFromString(held->channel_share()))
    return DataLoss("the local copy of the share is damaged");
  PartnerCard card = CardFor(*channel, *held, share);
  if (!card.opened) return FailedPrecondition(card.problem);
  if (card.reply_public_key.empty()) return FailedPrecondition("the share has no reply handle");
  const ByteView report_id = AsBytes(share.report_id());
  const ByteView channel_id = AsBytes(channel->channel_id());
  // The kind is bound in the aad: the server cannot turn a question into an update.
  WB_ASSIGN_OR_RETURN(Bytes aad, update ? crypto::ShareUpdateAad(report_id, channel_id)
                                        : crypto::ShareAad(report_id, channel_id));
  WB_ASSIGN_OR_RETURN(
      Bytes sealed, crypto::SealToReplyHandle(AsBytes(card.reply_public_key), AsBytes(text), aad));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(ToReporterRequest(share_id, sealed, update)));
  if (!reply.has_ok()) return DataLoss("unexpected reply from the server");
  // Found again: a push handled during the call may have replaced or deleted the copy.
  held = FindHeld(state_, share_id).second;
  if (held == nullptr || !share.ParseFromString(held->channel_share())) return Status::Ok();
  // The copy shows the entry until the next full sync brings the server's thread.
  v1::ShareThreadEntry* entry = share.add_thread();
  entry->set_share_id(share.share_id());
  entry->set_from_partner(true);
  entry->set_is_update(update);
  entry->set_sealed(ToString(sealed));
  held->set_channel_share(share.SerializeAsString());
  KeepSentText(*held->mutable_sent(), ToString(sealed), text);
  return Save();
}

Status Client::HandlePartnerPush(const v1::ServerMessage& push) {
  if (push.has_push_channel_share()) {
    const v1::ChannelShare& share = push.push_channel_share();
    PartnerChannel* channel = FindChannel(state_, AsBytes(share.channel_id()));
    if (channel == nullptr) return Status::Ok();  // synced on first use
    for (const HeldShare& h : channel->held())
      if (h.share_id() == share.share_id()) return Status::Ok();  // the copy is as new or newer
    PutHeld(*channel, share);
    return Save();
  }
  const v1::ShareThreadEntry& e = push.push_share_thread();
  PartnerChannel* channel = FindChannel(state_, AsBytes(e.channel_id()));
  if (channel == nullptr) return Status::Ok();
  for (HeldShare& h : *channel->mutable_held()) {
    v1::ChannelShare share;
    if (h.share_id() != e.share_id() || !share.ParseFromString(h.channel_share())) continue;
    *share.add_thread() = e;
    h.set_channel_share(share.SerializeAsString());
    return Save();
  }
  return Status::Ok();
}

size_t Client::DropHeld(const std::string& share_id) {
  size_t dropped = 0;
  for (PartnerChannel& c : *state_.mutable_signals()->mutable_channels()) {
    auto* held = c.mutable_held();
    for (int i = held->size() - 1; i >= 0; --i) {
      if (held->Get(i).share_id() != share_id) continue;
      WipeSecret(*held->Mutable(i)->mutable_channel_share());
      for (SentText& sent : *held->Mutable(i)->mutable_sent()) WipeSecret(*sent.mutable_text());
      held->DeleteSubrange(i, 1);
      ++dropped;
    }
  }
  return dropped;
}

}  // namespace weerbaar::client
