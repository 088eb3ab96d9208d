// Passing a partner channel's key on (docs/web-client.md, docs/signals.md): a device that
// holds the secret gives it, in a pairwise box (DirectContent.channel_key), to every other
// device of the channel's partners; a receiving device keeps it only when the sender is a
// partner device of that channel and the secret matches the channel's registered public key.
import { create } from '@bufbuild/protobuf';
import { equalBytes, fromHex, toHex } from '../crypto/bytes';
import { x25519Base } from '../crypto/primitives';
import { ChannelKeyShareSchema, Role, type ChannelInfo, type ChannelKeyShare } from '../gen/weerbaar_pb';
import type { ClientCore } from './core';
import { channelPartners, verifiedDevices, type KnownDevice } from './directory';
import { sealDirectContent } from './group_crypto';
import { channelKeys } from './partner';
import { envelopeFor, sendDirect } from './sending';
import type { ChannelKeys } from './signals_state';

const KEY_BYTES = 32;

// Sends the key to each verified partner device of the channel that has not had it from
// this device (never to itself); returns how many got it now.
export async function shareChannelKey(core: ClientCore, keys: ChannelKeys): Promise<number> {
  const given = new Set(keys.givenTo ?? []);
  const targets = verifiedDevices(core, await channelPartners(core, keys.channelId))
    .map((x) => x.device)
    .filter((d) => toHex(d.deviceId) !== core.me.deviceId && !given.has(toHex(d.deviceId)));
  const value = create(ChannelKeyShareSchema, { channelId: fromHex(keys.channelId), secretKey: keys.secret });
  const envelopes = targets.map((d) => envelopeFor(d, sealDirectContent(core.id, d, { case: 'channelKey', value })));
  await sendDirect(core, envelopes, async (sentTo) => {
    keys.givenTo = [...(keys.givenTo ?? []), ...sentTo];
    await core.saveSignals();
  });
  return envelopes.length;
}

// The channel as ListChannels shows it in this user's partner communities, or null.
async function channelInfo(core: ClientCore, channelId: string): Promise<ChannelInfo | null> {
  const list = await core.call({ case: 'listCommunities', value: {} }, 'communityList');
  for (const c of list.communities.filter((x) => x.role === Role.PARTNER)) {
    const channels = await core.call({ case: 'listChannels', value: { communityId: c.communityId } }, 'channelList');
    const found = channels.channels.find((x) => toHex(x.channelId) === channelId);
    if (found) return found;
  }
  return null;
}

// Stores the key of one share from `sender` (its keys verified, its user checked); returns
// the channel id, or why the share was dropped. A wrong or foreign key is never stored.
export async function acceptChannelKey(core: ClientCore, sender: KnownDevice, share: ChannelKeyShare): Promise<string | Error> {
  const channelId = toHex(share.channelId);
  if (!sender.channels.has(channelId)) return new Error('the sender is not a partner of this channel');
  if (share.secretKey.length !== KEY_BYTES) return new Error('the channel key has a bad size');
  const info = await channelInfo(core, channelId);
  if (!info || info.publicKey.length === 0 || !equalBytes(x25519Base(share.secretKey), info.publicKey)) {
    return new Error('the channel key does not match the channel');
  }
  const held = channelKeys(core, channelId);
  if (held && equalBytes(held.publicKey, info.publicKey)) return channelId;
  // A held key that does not match was lost in a race (never registered): it opens nothing.
  const keys: ChannelKeys = { channelId, communityId: toHex(info.communityId), name: info.name, publicKey: info.publicKey, secret: share.secretKey.slice(), afterSeq: 0n, cards: [], givenTo: [] };
  core.signals.channels = [...core.signals.channels.filter((c) => c !== held), keys];
  await core.saveSignals();
  return channelId;
}
