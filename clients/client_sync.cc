// Client: receiving. Inbox (sender-key and channel-key shares), group sync from the cursor,
// pushes.
#include <algorithm>

#include "clients/client.h"
#include "clients/device_directory.h"
#include "clients/group_crypto.h"
#include "clients/group_state.h"

namespace weerbaar::client {
namespace {

// How long one wait for a push lasts when Listen has no timeout of its own.
constexpr Timeout kListenSlice{60'000};

Status UnexpectedReply() { return DataLoss("unexpected reply from the server"); }

std::string Short(const std::string& id) { return HexEncode(AsBytes(id)).substr(0, 8); }

// Stores the sender key of a share from `from` (a device of `from_user`).
Status AcceptShare(ClientState& state, const v1::DirectContent& content, ByteView from,
                   ByteView from_user, const DeviceDirectory& directory) {
  WB_ASSIGN_OR_RETURN(v1::SenderKeyShare share, SenderKeyShareIn(content));
  if (!directory.IsMember(from, AsBytes(share.group_id())))
    return PermissionDenied("the sender is not in the group of this key");
  return AcceptSenderKeyShare(GroupFor(state, AsBytes(share.group_id())), share, from, from_user);
}

}  // namespace

Result<size_t> Client::ProcessInbox() {
  size_t accepted = 0;
  std::optional<DeviceDirectory> directory;
  for (;;) {
    v1::ClientMessage request;
    request.mutable_sync_inbox()->set_after_seq(state_.inbox_cursor());
    WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
    if (!reply.has_inbox_messages()) return UnexpectedReply();
    uint64_t last = state_.inbox_cursor();
    for (const v1::InboxMessage& entry : reply.inbox_messages().messages()) {
      if (entry.seq() <= last) continue;  // out of order or repeated: already handled
      last = entry.seq();
      if (!directory) {
        WB_ASSIGN_OR_RETURN(directory, BuildDirectory());
      }
      if (AcceptInboxEntry(entry, *directory)) ++accepted;
    }
    if (last == state_.inbox_cursor()) break;
    // Keys are on disk before the server may delete the entries that carried them.
    state_.set_inbox_cursor(last);
    WB_RETURN_IF_ERROR(Save());
    v1::ClientMessage ack;
    ack.mutable_ack_inbox()->set_up_to_seq(last);
    WB_RETURN_IF_ERROR(Call(std::move(ack)));
    if (!reply.inbox_messages().more()) break;
  }
  return accepted;
}

Result<DeviceDirectory> Client::BuildDirectory() {
  DeviceDirectory directory;
  WB_ASSIGN_OR_RETURN(std::vector<v1::GroupSummary> groups, ListGroups());
  for (const v1::GroupSummary& summary : groups) {
    WB_ASSIGN_OR_RETURN(v1::GroupInfo info, GetGroup(AsBytes(summary.group_id())));
    for (std::string& w : directory.AddGroup(info)) Warn(std::move(w));
  }
  WB_RETURN_IF_ERROR(AddWaitingChannelPartners(directory));
  return directory;
}

Status Client::AddWaitingChannelPartners(DeviceDirectory& directory) {
  WB_ASSIGN_OR_RETURN(std::vector<v1::CommunitySummary> communities, ListCommunities());
  for (const v1::CommunitySummary& community : communities) {
    if (community.role() != v1::ROLE_PARTNER) continue;
    WB_ASSIGN_OR_RETURN(std::vector<v1::ChannelInfo> channels,
                        ListChannels(AsBytes(community.community_id())));
    for (const v1::ChannelInfo& info : channels) {
      if (HoldsChannelKey(info.channel_id())) continue;
      auto partners = ListChannelPartners(AsBytes(info.channel_id()));
      if (partners.status().code() == Code::kPermissionDenied) continue;  // not this user's
      if (!partners.ok()) {
        Warn("could not list the partners of a channel: " + partners.status().message());
        continue;
      }
      for (std::string& w : directory.AddPartners(*partners)) Warn(std::move(w));
    }
  }
  return Status::Ok();
}

bool Client::HoldsChannelKey(const std::string& channel_id) const {
  for (const PartnerChannel& channel : state_.signals().channels())
    if (channel.channel_id() == channel_id) return !channel.secret_key().empty();
  return false;
}

Status Client::AcceptDirect(const v1::InboxMessage& entry, const DeviceDirectory& directory) {
  ByteView from = AsBytes(entry.from_device());
  const KnownDevice* sender = directory.Find(from);
  if (sender == nullptr || sender->user_id != entry.from_user())
    return NotFound("not a device of your groups or of a channel waiting for its key");
  WB_ASSIGN_OR_RETURN(v1::DirectContent content,
                      OpenDirectContent(*identity_, sender->info, AsBytes(entry.payload())));
  ByteView from_user = AsBytes(entry.from_user());
  if (!content.has_channel_key()) return AcceptShare(state_, content, from, from_user, directory);
  Status st = AcceptChannelKey(content.channel_key(), from, from_user);
  WipeSecret(*content.mutable_channel_key()->mutable_secret_key());
  return st;
}

bool Client::AcceptInboxEntry(const v1::InboxMessage& entry, const DeviceDirectory& directory) {
  Status st = AcceptDirect(entry, directory);
  if (st.ok()) return true;
  Warn("ignored a key share from device " + Short(entry.from_device()) + ": " + st.message());
  return false;
}

Result<std::vector<HistoryEntry>> Client::Sync(ByteView group_id) {
  WB_RETURN_IF_ERROR(ProcessInbox());
  WB_RETURN_IF_ERROR(GetGroup(group_id));
  return SyncMessages(group_id);
}

Result<std::vector<ReceivedMessage>> Client::SyncAll() {
  WB_RETURN_IF_ERROR(ProcessInbox());
  WB_ASSIGN_OR_RETURN(std::vector<v1::GroupSummary> groups, ListGroups());
  std::vector<ReceivedMessage> out;
  for (const v1::GroupSummary& summary : groups) {
    WB_RETURN_IF_ERROR(GetGroup(AsBytes(summary.group_id())));
    WB_ASSIGN_OR_RETURN(std::vector<HistoryEntry> entries,
                        SyncMessages(AsBytes(summary.group_id())));
    for (HistoryEntry& e : entries) out.push_back({summary.group_id(), std::move(e)});
  }
  return out;
}

Result<std::vector<HistoryEntry>> Client::SyncMessages(ByteView group_id) {
  std::vector<HistoryEntry> out;
  for (;;) {
    GroupState& group = GroupFor(state_, group_id);
    v1::ClientMessage request;
    request.mutable_sync_group()->set_group_id(ToString(group_id));
    request.mutable_sync_group()->set_after_seq(group.cursor());
    WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
    if (!reply.has_group_messages()) return UnexpectedReply();
    uint64_t last = group.cursor();
    for (const v1::GroupMessage& m : reply.group_messages().messages()) {
      if (m.seq() <= last || !SameBytes(m.group_id(), group_id)) continue;
      last = m.seq();
      if (HasHistory(group, m.seq())) continue;  // sent by this device
      HistoryEntry entry = OpenGroupMessage(group, m);
      if (AddHistory(group, entry)) out.push_back(std::move(entry));
    }
    // No progress means nothing new (or a misbehaving server): stop either way.
    if (last == group.cursor()) break;
    group.set_cursor(last);
    WB_RETURN_IF_ERROR(Save());
    WB_RETURN_IF_ERROR(SetCursor(group_id, last));
    if (!reply.group_messages().more()) break;
  }
  return out;
}

Status Client::SetCursor(ByteView group_id, uint64_t seq) {
  v1::ClientMessage request;
  request.mutable_set_cursor()->set_group_id(ToString(group_id));
  request.mutable_set_cursor()->set_seq(seq);
  return Call(std::move(request)).status();
}

Result<size_t> Client::Listen(const MessageCallback& on_message, ListenOptions options) {
  const int64_t start = options_.clock->MonotonicMillis();
  size_t delivered = 0;
  for (;;) {
    if (options.max_messages != 0 && delivered >= options.max_messages) return delivered;
    Timeout wait = kListenSlice;
    if (options.timeout.count() > 0) {
      wait = options.timeout - Timeout(options_.clock->MonotonicMillis() - start);
      if (wait.count() <= 0) return delivered;
    }
    auto push = conn_.NextPush(wait);
    if (push.status().code() == Code::kDeadlineExceeded) continue;
    WB_RETURN_IF_ERROR(push);
    WB_ASSIGN_OR_RETURN(std::vector<ReceivedMessage> messages, HandlePush(*push));
    if (options.on_question)
      for (const ShareQuestion& q : TakeQuestions()) options.on_question(q);
    for (const ReceivedMessage& m : messages) {
      if (options.max_messages != 0 && delivered >= options.max_messages) break;
      ++delivered;
      if (!on_message(m)) return delivered;
    }
  }
}

Result<v1::ServerMessage::BodyCase> Client::HandleOnePush(Timeout timeout) {
  WB_ASSIGN_OR_RETURN(v1::ServerMessage push, conn_.NextPush(timeout));
  WB_RETURN_IF_ERROR(HandlePush(push));
  return push.body_case();
}

Result<std::vector<ReceivedMessage>> Client::HandlePush(const v1::ServerMessage& push) {
  // Pushes dropped by a full queue are recovered by syncing every group from its cursor.
  if (conn_.dropped_pushes() != seen_dropped_pushes_) {
    seen_dropped_pushes_ = conn_.dropped_pushes();
    return SyncAll();
  }
  if (push.has_push_group()) return HandleGroupPush(push.push_group());
  WB_RETURN_IF_ERROR(HandleSignalPush(push));
  if (push.has_push_inbox()) WB_RETURN_IF_ERROR(ProcessInbox());
  if (push.has_push_group_changed()) {
    // The next SendText sees the new epoch through GetGroup and rotates the key then.
    const v1::GroupChanged& changed = push.push_group_changed();
    GroupFor(state_, AsBytes(changed.group_id())).set_epoch(changed.epoch());
    WB_RETURN_IF_ERROR(Save());
  }
  return std::vector<ReceivedMessage>{};
}

Result<std::vector<ReceivedMessage>> Client::HandleGroupPush(const v1::GroupMessage& m) {
  ByteView group_id = AsBytes(m.group_id());
  GroupState* group = FindGroup(state_, group_id);
  std::vector<ReceivedMessage> out;
  if (group != nullptr && m.seq() <= group->cursor()) return out;
  // Anything but the next message in a known group: catch up from the cursor instead.
  if (group == nullptr || group->names_size() == 0 || m.seq() != group->cursor() + 1) {
    WB_ASSIGN_OR_RETURN(std::vector<HistoryEntry> entries, Sync(group_id));
    for (HistoryEntry& e : entries) out.push_back({m.group_id(), std::move(e)});
    return out;
  }
  if (!HasHistory(*group, m.seq())) {  // not one this device sent itself
    HistoryEntry entry = OpenGroupMessage(*group, m);
    // Its key may still wait in the inbox; a failed open changes no state.
    if (!entry.decrypted()) {
      WB_RETURN_IF_ERROR(ProcessInbox());
      entry = OpenGroupMessage(*group, m);
    }
    AddHistory(*group, entry);
    out.push_back({m.group_id(), std::move(entry)});
  }
  group->set_cursor(m.seq());
  WB_RETURN_IF_ERROR(Save());
  WB_RETURN_IF_ERROR(SetCursor(group_id, m.seq()));
  return out;
}

}  // namespace weerbaar::client
