// Signal reports end to end under node: the web client's code against the real server. An
// admin sets up a community with a municipality channel and a police channel; a resident
// files a report into her group and shares it; the municipality's partner device makes the
// channel key, opens the details, sets a status (relayed into the group by the reporter's
// device), asks a question that the reporter answers, posts an update (relayed into the
// group once); the police partner sees nothing and can post no update; the
// consent is withdrawn and the card is gone, also from a partner device that was offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InviteKind, Role } from '../../src/client/client';
import type { ShareChoice } from '../../src/client/reports';
import { previewShare } from '../../src/client/share_preview';
import type { FiledReport } from '../../src/client/signals_state';
import { ConnectionLost, type SocketLike } from '../../src/client/connection';
import { DeviceStore, MemoryBackend } from '../../src/client/store';
import { encodeGeohash } from '../../src/signals/geohash';
import { ChannelType, ErrorCode, ServerMessageSchema, ShareStatus, TimeBucket, type ChannelInfo } from '../../src/gen/weerbaar_pb';
import type { ClientCore } from '../../src/client/core';
import { fromHex } from '../../src/crypto/bytes';
import { fromBinary } from '@bufbuild/protobuf';
import WebSocket from 'ws';
import { nodeClient, until } from '../support/node_client';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

const DAY = 86_400_000;
const LAT = 52.0907;
const LON = 5.1214;

describe.runIf(HAVE_BINARIES)('signal reports between the web client, the server and partners', () => {
  let server: RunningServer;
  let admin: Client, leader: Client, resident: Client, gemeente: Client, politie: Client;
  const gemeenteStore = new MemoryBackend();
  let community = '';
  let groupId = '';
  let channelId = '';
  let report: FiledReport;
  let shareId = '';

  const channel = (): ChannelInfo => resident.signals.channelsOf(community).find((c) => c.name === 'Gemeente')!;
  // The details text is what the reporter saw in the preview: scrubbed with the channel's names.
  const choice = async (r: FiledReport, fields: string[]): Promise<ShareChoice> => {
    const preview = previewShare(await resident.signals.loadedTaxonomy(), r, channel(), fields, Date.now());
    return { channel: channel(), purpose: 'handling', fields, expiresAtMs: Date.now() + 30 * DAY, scrubbedText: preview.text ?? '' };
  };
  const card = () => gemeente.signals.partnerChannels()[0]?.cards.find((c) => c.shareId === shareId);

  beforeAll(async () => {
    server = await startServer();
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    community = await admin.createCommunity('Buurt West');
    const policy = { type: ChannelType.CHANNEL_MUNICIPALITY, acceptedCategories: ['zwerfafval', 'straatverlichting'], locationPrecision: 6, timeBucket: TimeBucket.BUCKET_DAY, mayAskQuestions: true, namesToScrub: ['Jan de Vries'] };
    channelId = await admin.signals.createChannel(community, 'Gemeente', policy);
    const policeId = await admin.signals.createChannel(community, 'Politie', { ...policy, type: ChannelType.CHANNEL_POLICE, acceptedCategories: ['zwerfafval', 'verdacht-persoon'] });
    leader = await nodeClient(server.url);
    await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community })).token, 'Lotte');
    groupId = await leader.createGroup(community, 'Straat');
    resident = await nodeClient(server.url);
    await resident.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
    gemeente = await nodeClient(server.url, gemeenteStore);
    await gemeente.join((await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId })).token, 'Gemeente Utrecht');
    politie = await nodeClient(server.url);
    await politie.join((await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId: policeId })).token, 'Wijkagent');
  });

  afterAll(async () => {
    for (const c of [admin, leader, resident, gemeente, politie]) c?.stop();
    await server?.stop();
  });

  it('a partner device makes the channel key on first use and the server lists it', async () => {
    expect(gemeente.roleIn(community)).toBe(Role.PARTNER);
    const keys = gemeente.signals.partnerChannels();
    expect(keys.map((k) => [k.channelId, k.name])).toEqual([[channelId, 'Gemeente']]);
    await resident.signals.listChannels(community);
    expect(channel().publicKey).toEqual(keys[0].publicKey);
  });

  it('a report reaches the group end to end encrypted, with its photo and location', async () => {
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    report = await resident.signals.fileReport({ groupId, category: 'zwerfafval', text: 'Zakken vuilnis naast de container, bel Jan de Vries op 06-12345678', lat: LAT, lon: LON, photo, happenedAtMs: Date.now() - 60_000 });
    await until(leader, () => leader.history(groupId).some((e) => e.report?.reportId === report.reportId), 'the report in the group');
    const seen = leader.history(groupId).find((e) => e.report)!;
    expect([seen.report!.category, seen.report!.lat, seen.report!.lon, seen.report!.photo]).toEqual(['zwerfafval', LAT, LON, photo]);
  });

  it('a report about a person carries no photo into the group', async () => {
    const r = await resident.signals.fileReport({ groupId, category: 'verdacht-persoon', text: 'Iemand kijkt in auto’s', photo: new Uint8Array([1, 2]), happenedAtMs: Date.now() });
    await until(leader, () => leader.history(groupId).some((e) => e.report?.reportId === r.reportId), 'the second report');
    expect(leader.history(groupId).find((e) => e.report?.reportId === r.reportId)!.report!.photo).toBeUndefined();
    expect(resident.signals.report(r.reportId)!.photo).toEqual(new Uint8Array([1, 2])); // kept on her device only
  });

  it('the partner gets the card cut to the channel precision and opens the scrubbed details', async () => {
    const share = await resident.signals.share(report.reportId, await choice(report, ['category', 'details', 'location', 'time']));
    shareId = share.shareId;
    await until(gemeente, () => card() !== undefined, 'the card at the partner');
    const c = card()!;
    expect([c.category, c.geohash, c.details, c.purpose, c.mayAsk]).toEqual(['zwerfafval', encodeGeohash(LAT, LON, 8).slice(0, 6), 'Zakken vuilnis naast de container, bel [naam] op [telefoon]', 'handling', true]);
    expect(c.bucketStartMs! % DAY).toBe(0);
    expect(c.photo).toBeNull(); // not consented, not sent
    expect(c.pseudonym).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(resident.userId);
  });

  it('a status set by the partner is posted into the report group once', async () => {
    await gemeente.signals.setStatus(shareId, ShareStatus.STATUS_IN_PROGRESS);
    await until(leader, () => leader.history(groupId).some((e) => e.shareUpdate?.status === ShareStatus.STATUS_IN_PROGRESS), 'the status update in the group');
    const update = leader.history(groupId).find((e) => e.shareUpdate)!;
    expect([update.senderName, update.shareUpdate!.reportId, update.shareUpdate!.channelName]).toEqual(['Sanne', report.reportId, 'Gemeente']);
    await resident.signals.refreshMyShares(); // a catch-up posts nothing twice
    expect(resident.history(groupId).filter((e) => e.shareUpdate).length).toBe(1);
    expect(resident.signals.report(report.reportId)!.shares[0].status).toBe(ShareStatus.STATUS_IN_PROGRESS);
  });

  it('a question reaches the reporter through the reply key and her answer reaches the partner', async () => {
    await gemeente.signals.ask(shareId, 'Welke container bedoelt u?');
    const own = () => resident.signals.report(report.reportId)!.shares[0];
    await until(resident, () => own().thread.length === 1, 'the question');
    expect(own().thread[0]).toMatchObject({ fromPartner: true, text: 'Welke container bedoelt u?' });
    await resident.signals.answer(shareId, 'Die bij nummer 12');
    await until(gemeente, () => card()!.thread.length === 2, 'the answer');
    expect(card()!.thread.map((e) => [e.fromPartner, e.text])).toEqual([[true, 'Welke container bedoelt u?'], [false, 'Die bij nummer 12']]);
  });

  it('an update from the partner is posted into the report group once, as plain text', async () => {
    const text = 'De container wordt <b>morgen</b> geleegd';
    await gemeente.signals.postUpdate(shareId, text);
    const relayed = () => leader.history(groupId).filter((e) => e.shareUpdate?.updateText !== undefined);
    await until(leader, () => relayed().length === 1, 'the update in the group');
    expect([relayed()[0].senderName, relayed()[0].shareUpdate!.channelName, relayed()[0].shareUpdate!.updateText]).toEqual(['Sanne', 'Gemeente', text]);
    await resident.signals.refreshMyShares(); // a catch-up posts nothing twice
    expect(resident.history(groupId).filter((e) => e.shareUpdate?.updateText !== undefined).length).toBe(1);
    const own = resident.signals.report(report.reportId)!.shares[0];
    expect(own.thread.filter((e) => e.update).map((e) => [e.fromPartner, e.text])).toEqual([[true, text]]);
    expect(card()!.thread.filter((e) => e.update).map((e) => e.text)).toEqual([text]);
  });

  it('the partner of another channel cannot post an update, not even by calling the server', async () => {
    await expect(politie.signals.postUpdate(shareId, 'Wij nemen het over')).rejects.toThrow('no such card');
    // The server refuses it too: the client's private connection, as a hostile device would.
    const core = (politie as unknown as { core: ClientCore }).core;
    const value = { shareId: fromHex(shareId), sealed: new Uint8Array(100).fill(1) };
    await expect(core.call({ case: 'postShareUpdate', value }, 'ok')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('the partner of the other channel sees nothing of it, and trends count it only as suppressed', async () => {
    expect(politie.signals.partnerChannels().flatMap((k) => k.cards)).toEqual([]);
    await expect(politie.signals.setStatus(shareId, ShareStatus.STATUS_RESOLVED)).rejects.toThrow();
    const trends = await gemeente.signals.trends(channelId, Date.now() - 7 * DAY, Date.now() + DAY);
    expect([trends.cells.length, trends.suppressedReports]).toEqual([0, 1]);
  });

  it('a share refused by the privacy filter leaves no share on the device', async () => {
    const other = await resident.signals.fileReport({ groupId, category: 'overlast', text: 'Harde muziek', happenedAtMs: Date.now() });
    expect(previewShare(await resident.signals.loadedTaxonomy(), other, channel(), ['category'], Date.now()).refused).toBe('category_not_accepted');
    await expect(resident.signals.share(other.reportId, await choice(other, ['category']))).rejects.toThrow();
    expect(resident.signals.report(other.reportId)!.shares).toEqual([]);
  });

  it('a status set while the reporter was offline is posted into the group when she is back', async () => {
    const backend = new MemoryBackend();
    let piet = await nodeClient(server.url, backend);
    await piet.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Piet');
    const lamp = await piet.signals.fileReport({ groupId, category: 'straatverlichting', text: 'Lamp bij de school', happenedAtMs: Date.now() });
    await piet.signals.listChannels(community);
    const info = piet.signals.channelsOf(community).find((c) => c.name === 'Gemeente')!;
    const share = await piet.signals.share(lamp.reportId, { channel: info, purpose: 'information', fields: ['category'], expiresAtMs: Date.now() + DAY, scrubbedText: '' });
    await until(gemeente, () => gemeente.signals.partnerChannels()[0].cards.some((c) => c.shareId === share.shareId), 'the card');
    piet.stop();
    await gemeente.signals.setStatus(share.shareId, ShareStatus.STATUS_RESOLVED);
    const relayed = () => leader.history(groupId).filter((e) => e.shareUpdate?.reportId === lamp.reportId);
    expect(relayed()).toEqual([]);
    piet = await nodeClient(server.url, backend); // a reload: the same stored device
    piet.start();
    await until(leader, () => relayed().length === 1, 'the status relayed after the reconnect');
    expect([relayed()[0].senderName, relayed()[0].shareUpdate!.status]).toEqual(['Piet', ShareStatus.STATUS_RESOLVED]);
    await piet.signals.withdraw(share.shareId);
    piet.stop();
  });

  it('a share whose reply was lost with the connection is found again after the reconnect', async () => {
    // A socket that drops the connection instead of delivering the ShareAccepted reply.
    let armed = false;
    const flaky = await Client.open(await DeviceStore.open(new MemoryBackend()), {
      url: server.url,
      backoffMinMs: 20,
      backoffMaxMs: 50,
      socketFactory: (u) => {
        const ws = new WebSocket(u);
        const socket = ws as unknown as SocketLike;
        const deliver = { fn: null as SocketLike['onmessage'] };
        Object.defineProperty(socket, 'onmessage', {
          set: (fn) => (deliver.fn = fn),
          get: () => deliver.fn,
        });
        ws.on('message', (data: ArrayBuffer) => {
          // (Connection sets binaryType 'arraybuffer', so frames come as ArrayBuffers.)
          const m = fromBinary(ServerMessageSchema, new Uint8Array(data));
          if (armed && m.body.case === 'shareAccepted') return void ((armed = false), ws.terminate());
          deliver.fn?.({ data });
        });
        return socket;
      },
    });
    await flaky.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne (tablet)');
    const lamp = await flaky.signals.fileReport({ groupId, category: 'straatverlichting', text: 'Lamp kapot', happenedAtMs: Date.now() });
    await flaky.signals.listChannels(community);
    const info = flaky.signals.channelsOf(community).find((c) => c.name === 'Gemeente')!;
    armed = true;
    await expect(flaky.signals.share(lamp.reportId, { channel: info, purpose: 'handling', fields: ['category'], expiresAtMs: Date.now() + DAY, scrubbedText: '' })).rejects.toThrow(ConnectionLost);
    expect(flaky.signals.report(lamp.reportId)!.shares.map((s) => s.shareId)).toEqual(['']);
    await until(flaky, () => flaky.signals.report(lamp.reportId)!.shares[0]?.shareId !== '', 'the share found again');
    const found = flaky.signals.report(lamp.reportId)!.shares[0];
    await until(gemeente, () => gemeente.signals.partnerChannels()[0].cards.some((c) => c.shareId === found.shareId), 'its card');
    await flaky.signals.withdraw(found.shareId);
    await until(gemeente, () => !gemeente.signals.partnerChannels()[0].cards.some((c) => c.shareId === found.shareId), 'its retraction');
    flaky.stop();
  });

  it('withdrawing deletes the card from an online partner and from one that was offline', async () => {
    const lamp = await resident.signals.fileReport({ groupId, category: 'straatverlichting', text: '', lat: LAT, lon: LON, happenedAtMs: Date.now() });
    const second = await resident.signals.share(lamp.reportId, await choice(lamp, ['category', 'location']));
    await until(gemeente, () => gemeente.signals.partnerChannels()[0].cards.length === 2, 'the second card');
    gemeente.stop();
    await resident.signals.withdraw(second.shareId);
    gemeente = await nodeClient(server.url, gemeenteStore); // a reload: the same stored device
    gemeente.start();
    await until(gemeente, () => gemeente.signals.partnerChannels()[0].cards.length === 1, 'the catch-up');
    await resident.signals.withdraw(shareId);
    await until(gemeente, () => gemeente.signals.partnerChannels()[0].cards.length === 0, 'the retraction push');
    const own = [report, lamp].map((r) => resident.signals.report(r.reportId)!.shares[0]);
    expect(own.map((s) => [s.withdrawnAtMs !== null, s.replySecret])).toEqual([[true, null], [true, null]]);
  });
});
