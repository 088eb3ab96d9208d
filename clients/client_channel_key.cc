// Client: the receiving side of a partner channel's key (docs/signals.md, "The channel
// key"). A ChannelKeyShare is kept only if its sender is a partner device of the channel
// as the server lists it to this device, and its secret is the channel's public key's.
#include "clients/client.h"
#include "clients/device_directory.h"
#include "clients/group_state.h"
#include "crypto/channel_seal.h"

namespace weerbaar::client {
namespace {

PartnerChannel& ChannelFor(ClientState& state, const v1::ChannelInfo& info) {
  for (PartnerChannel& c : *state.mutable_signals()->mutable_channels())
    if (c.channel_id() == info.channel_id()) return c;
  PartnerChannel& added = *state.mutable_signals()->add_channels();
  added.set_channel_id(info.channel_id());
  added.set_community_id(info.community_id());
  return added;
}

}  // namespace

Result<v1::ChannelPartners> Client::ListChannelPartners(ByteView channel_id) {
  v1::ClientMessage request;
  request.mutable_list_channel_partners()->set_channel_id(ToString(channel_id));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_channel_partners() ||
      !SameBytes(reply.channel_partners().channel_id(), channel_id))
    return DataLoss("unexpected reply from the server");
  return reply.channel_partners();
}

Status Client::AcceptChannelKey(const v1::ChannelKeyShare& share, ByteView from,
                                ByteView from_user) {
  ByteView channel_id = AsBytes(share.channel_id());
  // Asked now, by this device: the server answers partners of the channel only.
  WB_ASSIGN_OR_RETURN(v1::ChannelPartners partners, ListChannelPartners(channel_id));
  DeviceDirectory directory;
  for (std::string& w : directory.AddPartners(partners)) Warn(std::move(w));
  const KnownDevice* sender = directory.Find(from);
  if (sender == nullptr || !SameBytes(sender->user_id, from_user) ||
      !directory.IsPartner(from, channel_id))
    return PermissionDenied("the sender is not a partner device of the channel");
  WB_ASSIGN_OR_RETURN(v1::ChannelInfo info, LookupChannel(channel_id));
  WB_ASSIGN_OR_RETURN(crypto::X25519KeyPair key,
                      crypto::X25519KeyPair::FromSecret(AsBytes(share.secret_key())));
  if (info.public_key().empty() || !SameBytes(info.public_key(), key.public_key))
    return PermissionDenied("the key does not match the channel's public key");
  PartnerChannel& channel = ChannelFor(state_, info);
  if (!channel.secret_key().empty())
    return SameBytes(channel.secret_key(), key.secret.view())
               ? Status::Ok()
               : AlreadyExists("this device holds another key for the channel");
  channel.set_secret_key(std::string(AsChars(key.secret.view())));
  channel.set_public_key(info.public_key());
  return Save();
}

}  // namespace weerbaar::client
