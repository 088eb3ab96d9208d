// A partner channel's key passed on between partner devices, under node against the real
// server: the first partner device of the municipality channel makes the key; a second
// partner user of the same channel lists the cards but opens nothing until the first one
// syncs and gives her the key in a pairwise box; a share whose secret does not match the
// channel's public key, or that comes from a device of no partner, is dropped, never stored.
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InviteKind, Role } from '../../src/client/client';
import type { ClientCore, Notice } from '../../src/client/core';
import { channelPartners } from '../../src/client/directory';
import { sealDirectContent } from '../../src/client/group_crypto';
import { envelopeFor, sendDirect } from '../../src/client/sending';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { generateX25519KeyPair } from '../../src/crypto/channel_seal';
import { ChannelKeyShareSchema, ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { nodeClient, until } from '../support/node_client';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

const DAY = 86_400_000;

// The device behind a Client: the forged share below must come from a real partner device.
const coreOf = (c: Client): ClientCore => (c as unknown as { core: ClientCore }).core;

describe.runIf(HAVE_BINARIES)('a partner channel key passed on to the other partner devices', () => {
  let server: RunningServer;
  let admin: Client, leader: Client, resident: Client, first: Client, second: Client;
  let channelId = '';
  let shareId = '';
  const notices: Notice[] = [];
  const DETAILS = 'Kapotte lantaarnpaal bij de speeltuin';

  const keysOf = (c: Client) => c.signals.partnerChannels().find((k) => k.channelId === channelId);
  const secondNotices = () => [...notices, ...coreOf(second).notices].map((n) => n.detail);

  beforeAll(async () => {
    server = await startServer();
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    const community = await admin.createCommunity('Buurt Oost');
    const policy = { type: ChannelType.CHANNEL_MUNICIPALITY, acceptedCategories: ['straatverlichting'], locationPrecision: 6, timeBucket: TimeBucket.BUCKET_DAY, mayAskQuestions: false, namesToScrub: [] };
    channelId = await admin.signals.createChannel(community, 'Gemeente', policy);
    leader = await nodeClient(server.url);
    await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community })).token, 'Lotte');
    const groupId = await leader.createGroup(community, 'Straat');
    resident = await nodeClient(server.url);
    await resident.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
    first = await nodeClient(server.url);
    await first.join((await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId })).token, 'Gemeente Utrecht');
    const report = await resident.signals.fileReport({ groupId, category: 'straatverlichting', text: DETAILS, happenedAtMs: Date.now() });
    await resident.signals.listChannels(community);
    const channel = resident.signals.channelsOf(community).find((c) => c.name === 'Gemeente')!;
    const share = await resident.signals.share(report.reportId, { channel, purpose: 'handling', fields: ['category', 'details'], expiresAtMs: Date.now() + 30 * DAY, scrubbedText: DETAILS });
    shareId = share.shareId;
    await until(first, () => keysOf(first)?.cards.some((c) => c.shareId === shareId) === true, 'the card at the first partner');
    second = await nodeClient(server.url);
    second.listeners.notice = (n) => notices.push(n);
    await second.join((await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId })).token, 'Gemeente Utrecht (wijkteam)');
  });

  afterAll(async () => {
    for (const c of [admin, leader, resident, first, second]) c?.stop();
    await server?.stop();
  });

  it('the second partner user holds no key at first, so she opens no details', async () => {
    expect(keysOf(first)!.cards.find((c) => c.shareId === shareId)!.details).toBe(DETAILS);
    await second.signals.syncPartner();
    expect(keysOf(second)).toBeUndefined();
    expect(secondNotices()).toContain('the channel key was made on another device');
  });

  it('a share from a partner device whose secret does not match the channel key is dropped', async () => {
    const core = coreOf(first);
    const target = (await channelPartners(core, channelId)).flatMap((m) => m.devices).find((d) => toHex(d.deviceId) === second.deviceId)!;
    const value = create(ChannelKeyShareSchema, { channelId: fromHex(channelId), secretKey: generateX25519KeyPair().secret });
    const forged = envelopeFor(target, sealDirectContent(core.id, target, { case: 'channelKey', value }));
    await sendDirect(core, [forged], async () => {});
    await second.signals.syncPartner();
    expect(secondNotices()).toContain('the channel key does not match the channel');
    expect(keysOf(second)).toBeUndefined();
  });

  it('the right key from a device that is no partner of the channel is dropped', async () => {
    const target = (await channelPartners(coreOf(first), channelId)).flatMap((m) => m.devices).find((d) => toHex(d.deviceId) === second.deviceId)!;
    const value = create(ChannelKeyShareSchema, { channelId: fromHex(channelId), secretKey: keysOf(first)!.secret });
    const core = coreOf(resident);
    await sendDirect(core, [envelopeFor(target, sealDirectContent(core.id, target, { case: 'channelKey', value }))], async () => {});
    await second.signals.syncPartner();
    expect(secondNotices()).toContain('not a device of your groups or channels');
    expect(keysOf(second)).toBeUndefined();
  });

  it('after the first partner syncs once, the second opens the details, and the key is given once', async () => {
    await first.signals.syncPartner();
    expect(keysOf(first)!.givenTo).toEqual([second.deviceId]);
    await second.signals.syncPartner();
    expect(keysOf(second)!.publicKey).toEqual(keysOf(first)!.publicKey);
    expect(keysOf(second)!.cards.find((c) => c.shareId === shareId)!.details).toBe(DETAILS);
    await first.signals.syncPartner(); // nothing new to give
    expect(keysOf(first)!.givenTo).toEqual([second.deviceId]);
  });

  it('a device linked to a partner account later learns its channel and gets the key', async () => {
    const linked = await nodeClient(server.url);
    try {
      await linked.join((await first.createInvite(InviteKind.INVITE_DEVICE_LINK)).token, 'Gemeente Utrecht');
      await linked.signals.syncPartner();
      expect(coreOf(linked).me.channelIds).toEqual([channelId]); // learned from the partner list
      expect(keysOf(linked)).toBeUndefined(); // the key is on the other devices
      await first.signals.syncPartner();
      expect(keysOf(first)!.givenTo).toEqual([second.deviceId, linked.deviceId]);
      await linked.signals.syncPartner();
      expect(keysOf(linked)!.cards.find((c) => c.shareId === shareId)!.details).toBe(DETAILS);
    } finally {
      linked.stop();
    }
  });
});
