// Partner channels: creation by an admin, the channel key set by a partner, and the list a
// resident shares from.
#include "common/bytes.h"
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "server/relay_core.h"
#include "server/relay_signals.h"
#include "server/signal_wire.h"

namespace weerbaar::server {

void HandleCreateChannel(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::CreateChannel& c = req.create_channel();
  const uint64_t rid = req.request_id();
  if (!MayCreateChannel(Standing{caller.is_admin}))
    return core.Fail(id, rid, v1::PERMISSION_DENIED);
  Result<const signals::Taxonomy*> taxonomy = CurrentTaxonomy(core);
  if (!taxonomy.ok()) return core.FailStatus(id, rid, taxonomy.status());
  storage::ChannelRecord channel;
  channel.channel_id = ToString(crypto::RandomBytes(protocol::kIdBytes));
  channel.community_id = c.community_id();
  channel.name = c.name();
  PolicyFromWire(c.policy(), &channel);
  Status valid = signals::ValidatePolicy(PolicyOf(channel), **taxonomy);
  if (!valid.ok()) return core.Fail(id, rid, v1::BAD_REQUEST);
  v1::ServerMessage reply;
  reply.mutable_channel_created()->set_channel_id(channel.channel_id);
  core.store.CreateChannel(std::move(channel),
                           core.OnDurable<storage::Done>([&core, id, rid, reply](auto r) {
                             if (!r.ok()) return core.FailStatus(id, rid, r.status());
                             core.Reply(id, rid, reply);
                           }));
}

void HandleSetChannelKey(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const v1::SetChannelKey& k = req.set_channel_key();
  const uint64_t rid = req.request_id();
  Result<bool> member = core.store.IsChannelMember(k.channel_id(), caller.user_id);
  if (!member.ok()) return core.FailStatus(id, rid, member.status());
  if (!*member) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  core.store.SetChannelKey(k.channel_id(), k.public_key(),
                           core.OnDurable<storage::Done>([&core, id, rid](auto r) {
                             if (!r.ok()) return core.FailStatus(id, rid, r.status());
                             ReplyOk(core, id, rid);
                           }));
}

void HandleListChannelPartners(RelayCore& core, ConnId id, const Caller& caller,
                               const Request& req) {
  const uint64_t rid = req.request_id();
  const Id& channel_id = req.list_channel_partners().channel_id();
  Result<bool> member = core.store.IsChannelMember(channel_id, caller.user_id);
  if (!member.ok()) return core.FailStatus(id, rid, member.status());
  if (!*member) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  Result<storage::ChannelRecord> channel = core.store.GetChannel(channel_id);
  Result<std::vector<Id>> partners = core.store.ChannelMembers(channel_id);
  if (!channel.ok() || !partners.ok())
    return core.FailStatus(id, rid, channel.ok() ? partners.status() : channel.status());
  v1::ServerMessage reply;
  v1::ChannelPartners* out = reply.mutable_channel_partners();
  out->set_channel_id(channel_id);
  for (const Id& user : *partners) {
    Status added = FillMember(core, channel->community_id, user, out->add_partners());
    if (!added.ok()) return core.FailStatus(id, rid, added);
  }
  core.Reply(id, rid, std::move(reply));
}

void HandleListChannels(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  const Id& community = req.list_channels().community_id();
  Result<Standing> standing = CommunityStanding(core, caller, community);
  if (!standing.ok()) return core.FailStatus(id, rid, standing.status());
  if (!MayListChannels(*standing)) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  auto channels = core.store.ChannelsOfCommunity(community);
  if (!channels.ok()) return core.FailStatus(id, rid, channels.status());
  v1::ServerMessage reply;
  reply.mutable_channel_list();
  for (const storage::ChannelRecord& c : *channels)
    ChannelToWire(c, reply.mutable_channel_list()->add_channels());
  core.Reply(id, rid, std::move(reply));
}

void ReplyOk(RelayCore& core, ConnId id, uint64_t request_id) {
  v1::ServerMessage ok;
  ok.mutable_ok();
  core.Reply(id, request_id, std::move(ok));
}

void PushToChannel(RelayCore& core, const Id& channel_id, const Frame& frame) {
  Result<std::vector<Id>> members = core.store.ChannelMembers(channel_id);
  if (!members.ok()) return;  // the write is durable; partners see it on their next sync
  for (const Id& user_id : *members)
    core.hub.ForEachOfUser(user_id, [&](ConnId, Connection& conn) { conn.Send(frame); });
}

void PushToUser(RelayCore& core, const Id& user_id, const Frame& frame) {
  core.hub.ForEachOfUser(user_id, [&](ConnId, Connection& conn) { conn.Send(frame); });
}

}  // namespace weerbaar::server
