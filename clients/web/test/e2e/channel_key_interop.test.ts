// A partner channel's key passed on between a web partner device and a CLI partner device
// (the C++ client library), both ways, on the real server: the device that holds the key
// gives it in a pairwise box when it syncs, and the other client opens the details the
// resident shared. Needs WEERBAAR_SERVER_BIN and WEERBAAR_CLI_BIN; skipped without them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InviteKind, Role } from '../../src/client/client';
import { ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { nodeClient, until } from '../support/node_client';
import { HAVE_BINARIES, cli, cliJson, startServer, type RunningServer } from '../support/server';

const DAY = 86_400_000;
const DETAILS = 'Lantaarnpaal bij de brug doet het niet';

interface CliCard {
  share_id: string;
  opened: boolean;
  details_text: string;
}

describe.runIf(HAVE_BINARIES)('the channel key between the web client and the CLI', () => {
  let server: RunningServer;
  let profiles: string;
  let admin: Client, leader: Client, resident: Client;
  const partners: Client[] = [];
  let community = '';
  let groupId = '';

  const policy = (type: ChannelType) => ({ type, acceptedCategories: ['straatverlichting'], locationPrecision: 6, timeBucket: TimeBucket.BUCKET_DAY, mayAskQuestions: false, namesToScrub: [] });
  const keyOf = (c: Client, channelId: string) => c.signals.partnerChannels().find((k) => k.channelId === channelId);
  const cliCards = (profile: string, channelId: string) => cliJson<CliCard[]>(profile, 'partner', 'cards', channelId);

  // A web partner device of the channel (a new partner user).
  async function webPartner(channelId: string, name: string): Promise<Client> {
    const partner = await nodeClient(server.url);
    partners.push(partner);
    await partner.join((await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId })).token, name);
    return partner;
  }

  // A CLI partner device of the channel (a new partner user with its own profile).
  async function cliPartner(channelId: string, name: string): Promise<string> {
    const profile = join(profiles, name);
    const invite = await admin.createInvite(InviteKind.INVITE_CHANNEL, { channelId });
    await cli(profile, 'join', '--server', server.url, '--invite', invite.token, '--name', name);
    return profile;
  }

  // The resident files a report and shares it with the channel; returns the share id.
  async function shareWith(channelName: string): Promise<string> {
    const report = await resident.signals.fileReport({ groupId, category: 'straatverlichting', text: DETAILS, happenedAtMs: Date.now() });
    await resident.signals.listChannels(community);
    const channel = resident.signals.channelsOf(community).find((c) => c.name === channelName)!;
    const share = await resident.signals.share(report.reportId, { channel, purpose: 'handling', fields: ['category', 'details'], expiresAtMs: Date.now() + 30 * DAY, scrubbedText: DETAILS });
    return share.shareId;
  }

  beforeAll(async () => {
    server = await startServer();
    profiles = mkdtempSync(join(tmpdir(), 'weerbaar-web-cli-key-'));
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    community = await admin.createCommunity('Buurt Zuid');
    leader = await nodeClient(server.url);
    await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community })).token, 'Lotte');
    groupId = await leader.createGroup(community, 'Straat');
    resident = await nodeClient(server.url);
    await resident.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
  });

  afterAll(async () => {
    for (const c of [admin, leader, resident, ...partners]) c?.stop();
    await server?.stop();
  });

  it('a CLI partner opens the details once the web partner holding the key has synced', async () => {
    const channelId = await admin.signals.createChannel(community, 'Gemeente', policy(ChannelType.CHANNEL_MUNICIPALITY));
    const holder = await webPartner(channelId, 'Gemeente Zuid');
    const shareId = await shareWith('Gemeente');
    await until(holder, () => keyOf(holder, channelId)?.cards.some((c) => c.shareId === shareId) === true, 'the card at the web partner');
    expect(keyOf(holder, channelId)!.cards.find((c) => c.shareId === shareId)!.details).toBe(DETAILS);

    const receiver = await cliPartner(channelId, 'wijkteam');
    const before = (await cliCards(receiver, channelId)).find((c) => c.share_id === shareId)!;
    expect([before.opened, before.details_text]).toEqual([false, '']); // no key yet: sealed

    await holder.signals.syncPartner(); // gives the key to the CLI device
    const after = (await cliCards(receiver, channelId)).find((c) => c.share_id === shareId)!;
    expect([after.opened, after.details_text]).toEqual([true, DETAILS]);
  });

  it('a web partner opens the details once the CLI partner holding the key has synced', async () => {
    const channelId = await admin.signals.createChannel(community, 'Woningcorporatie', policy(ChannelType.CHANNEL_HOUSING));
    const holder = await cliPartner(channelId, 'corporatie');
    expect(await cliCards(holder, channelId)).toEqual([]); // first use: the CLI makes the key
    const shareId = await shareWith('Woningcorporatie');
    const opened = (await cliCards(holder, channelId)).find((c) => c.share_id === shareId)!;
    expect([opened.opened, opened.details_text]).toEqual([true, DETAILS]);

    const receiver = await webPartner(channelId, 'Corporatie beheer');
    await receiver.signals.syncPartner();
    expect(keyOf(receiver, channelId)).toBeUndefined(); // no key yet

    await cliCards(holder, channelId); // the CLI device syncs and gives the key
    await receiver.signals.syncPartner();
    expect(keyOf(receiver, channelId)!.cards.find((c) => c.shareId === shareId)!.details).toBe(DETAILS);
  });
});
