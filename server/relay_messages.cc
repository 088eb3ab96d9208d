// Group messages, direct (inbox) messages, sync and cursors.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "server/relay_core.h"

namespace weerbaar::server {
namespace {

v1::ServerMessage OkReply() {
  v1::ServerMessage reply;
  reply.mutable_ok();
  return reply;
}

Status RequireMember(RelayCore& core, const Caller& caller, const Id& group_id) {
  WB_ASSIGN_OR_RETURN(bool member, core.store.IsGroupMember(group_id, caller.user_id));
  if (!MayUseGroup(Standing{caller.is_admin, storage::Role::kNone, member}))
    return PermissionDenied("not a group member");
  return Status::Ok();
}

uint32_t SyncLimit(const RelayCore& core, uint32_t requested) {
  uint32_t limit = requested == 0 ? core.config.default_sync_limit : requested;
  return std::min(limit, core.config.limits.max_sync_limit);
}

// Copies at most `limit` items, and stops early once the reply reaches kMaxSyncReplyBytes
// (always taking at least one). Returns whether more items remain. `items` was read with
// limit + 1 so that "more" is known without a second read.
template <typename Item, typename Add>
bool FillPage(const std::vector<Item>& items, size_t limit, size_t (*size)(const Item&), Add add) {
  size_t bytes = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == limit || (i > 0 && bytes + size(items[i]) > kMaxSyncReplyBytes)) return true;
    bytes += size(items[i]);
    add(items[i]);
  }
  return false;
}

size_t MessageSize(const storage::StoredMessage& m) { return m.ciphertext.size() + 96; }
size_t InboxSize(const storage::InboxEntry& e) { return e.payload.size() + 96; }

void FinishSend(RelayCore& core, ConnId id, uint64_t rid, const Result<storage::AppendResult>& r) {
  if (!r.ok()) return core.FailStatus(id, rid, r.status(), v1::STALE_EPOCH);
  v1::ServerMessage ack;
  ack.mutable_send_ack()->set_seq(r->seq);
  ack.mutable_send_ack()->set_duplicate(r->duplicate);
  core.Reply(id, rid, std::move(ack));
  if (r->duplicate) return;  // the first copy was pushed already
  v1::ServerMessage push;
  MessageToWire(r->message, push.mutable_push_group());
  // Encoded once; every recipient's queue holds the same buffer.
  core.PushToGroup(r->message.group_id, EncodeFrame(push), id);
}

// Whether the caller shares a community or a group with `user_id`. Caches per request.
class Reach {
 public:
  Reach(RelayCore& core, const Caller& caller) : core_(core), caller_(caller) {}

  Result<bool> Allows(const Id& user_id) {
    if (user_id == caller_.user_id) return true;
    if (auto it = cache_.find(user_id); it != cache_.end()) return it->second;
    if (!loaded_) WB_RETURN_IF_ERROR(Load(caller_.user_id, own_));
    loaded_ = true;
    std::unordered_set<Id> theirs;
    WB_RETURN_IF_ERROR(Load(user_id, theirs));
    bool shared =
        std::any_of(theirs.begin(), theirs.end(), [&](const Id& x) { return own_.count(x); });
    return cache_[user_id] = shared;
  }

 private:
  // Community and group ids share one set: both are 16 random bytes, so they never collide.
  Status Load(const Id& user_id, std::unordered_set<Id>& out) {
    WB_ASSIGN_OR_RETURN(auto communities, core_.store.CommunitiesOfUser(user_id));
    WB_ASSIGN_OR_RETURN(auto groups, core_.store.GroupsOfUser(user_id));
    for (const auto& entry : communities) out.insert(entry.first.community_id);
    out.insert(groups.begin(), groups.end());
    return Status::Ok();
  }

  RelayCore& core_;
  const Caller& caller_;
  bool loaded_ = false;
  std::unordered_set<Id> own_;
  std::unordered_map<Id, bool> cache_;
};

// Builds the inbox writes; kPermissionDenied if any target is unknown or out of reach.
Result<std::vector<storage::NewInboxMessage>> DirectWrites(RelayCore& core, const Caller& caller,
                                                           const v1::SendDirect& d) {
  Reach reach(core, caller);
  std::vector<storage::NewInboxMessage> out;
  for (const v1::DirectEnvelope& e : d.envelopes()) {
    Result<storage::DeviceRecord> device = core.store.GetDevice(e.to_device());
    if (!device.ok() && device.status().code() == Code::kNotFound)
      return PermissionDenied("unknown device");
    WB_RETURN_IF_ERROR(device);
    WB_ASSIGN_OR_RETURN(bool allowed, reach.Allows(device->user_id));
    if (!allowed) return PermissionDenied("device out of reach");
    out.push_back(
        {e.to_device(), caller.device_id, caller.user_id, e.client_msg_id(), e.payload()});
  }
  return out;
}

void FinishDirect(RelayCore& core, ConnId id, uint64_t rid,
                  const Result<std::vector<storage::InboxEntry>>& r) {
  if (!r.ok()) return core.FailStatus(id, rid, r.status());
  v1::ServerMessage ack;
  for (const storage::InboxEntry& entry : *r) ack.mutable_direct_ack()->add_seqs(entry.seq);
  ack.mutable_direct_ack();
  core.Reply(id, rid, std::move(ack));
  for (const storage::InboxEntry& entry : *r) {
    v1::ServerMessage push;
    InboxToWire(entry, push.mutable_push_inbox());
    Frame frame = EncodeFrame(push);
    core.hub.ForEachOfDevice(entry.device_id, [&](ConnId to, Connection& conn) {
      if (to != id) conn.Send(frame);
    });
  }
}

}  // namespace

void HandleSendGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SendGroupMessage& s = req.send_group();
  Status member = RequireMember(core, caller, s.group_id());
  if (!member.ok()) return core.FailStatus(id, req.request_id(), member);
  storage::NewGroupMessage msg{s.group_id(),   s.epoch(),         caller.device_id,
                               caller.user_id, s.client_msg_id(), s.ciphertext()};
  uint64_t rid = req.request_id();
  core.store.AppendGroupMessage(
      std::move(msg),
      core.OnDurable<storage::AppendResult>(
          [&core, id, rid](Result<storage::AppendResult> r) { FinishSend(core, id, rid, r); }));
}

void HandleSyncGroup(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SyncGroup& s = req.sync_group();
  Status member = RequireMember(core, caller, s.group_id());
  if (!member.ok()) return core.FailStatus(id, req.request_id(), member);
  uint32_t limit = SyncLimit(core, s.limit());
  auto messages = core.store.ReadGroup(s.group_id(), s.after_seq(), size_t{limit} + 1);
  if (!messages.ok()) return core.FailStatus(id, req.request_id(), messages.status());
  v1::ServerMessage reply;
  v1::GroupMessages* page = reply.mutable_group_messages();
  page->set_more(FillPage(*messages, limit, MessageSize, [&](const storage::StoredMessage& m) {
    MessageToWire(m, page->add_messages());
  }));
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleSendDirect(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  auto writes = DirectWrites(core, caller, req.send_direct());
  if (!writes.ok()) return core.FailStatus(id, req.request_id(), writes.status());
  uint64_t rid = req.request_id();
  core.store.AppendInbox(std::move(writes).value(),
                         core.OnDurable<std::vector<storage::InboxEntry>>(
                             [&core, id, rid](Result<std::vector<storage::InboxEntry>> r) {
                               FinishDirect(core, id, rid, r);
                             }));
}

void HandleSyncInbox(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  uint32_t limit = SyncLimit(core, req.sync_inbox().limit());
  auto entries =
      core.store.ReadInbox(caller.device_id, req.sync_inbox().after_seq(), size_t{limit} + 1);
  if (!entries.ok()) return core.FailStatus(id, req.request_id(), entries.status());
  v1::ServerMessage reply;
  v1::InboxMessages* page = reply.mutable_inbox_messages();
  page->set_more(FillPage(*entries, limit, InboxSize, [&](const storage::InboxEntry& e) {
    InboxToWire(e, page->add_messages());
  }));
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleAckInbox(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  uint64_t rid = req.request_id();
  core.store.AckInbox(caller.device_id, req.ack_inbox().up_to_seq(),
                      core.OnDurable<storage::Done>([&core, id, rid](Result<storage::Done> r) {
                        if (!r.ok()) return core.FailStatus(id, rid, r.status());
                        core.Reply(id, rid, OkReply());
                      }));
}

void HandleSetCursor(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SetCursor& c = req.set_cursor();
  Status member = RequireMember(core, caller, c.group_id());
  if (!member.ok()) return core.FailStatus(id, req.request_id(), member);
  uint64_t rid = req.request_id();
  core.store.SetCursor(caller.device_id, c.group_id(), c.seq(),
                       core.OnDurable<storage::Done>([&core, id, rid](Result<storage::Done> r) {
                         if (!r.ok()) return core.FailStatus(id, rid, r.status());
                         core.Reply(id, rid, OkReply());
                       }));
}

}  // namespace weerbaar::server
