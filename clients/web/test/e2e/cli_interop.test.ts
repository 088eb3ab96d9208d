// End to end under node: the web client's code (with `ws`) and the C++ `weerbaar` CLI on
// the real server. Messages go both ways; a web device that drops off (cleanly or by a
// dead socket) catches up with no loss and no duplicate. Needs WEERBAAR_SERVER_BIN and
// WEERBAAR_CLI_BIN; skipped without them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InviteKind, Role } from '../../src/client/client';
import type { SocketLike } from '../../src/client/connection';
import { DeviceStore, MemoryBackend } from '../../src/client/store';
import { nodeClient, until } from '../support/node_client';
import { HAVE_BINARIES, cli, cliJson, startServer, type RunningServer } from '../support/server';

interface CliEntry {
  seq: number;
  sender: string;
  text: string;
  decrypted: boolean;
}

const texts = (c: Client, g: string) => c.history(g).map((e) => e.text);

describe.runIf(HAVE_BINARIES)('web client and CLI on the real server', () => {
  let server: RunningServer;
  let profiles: string;
  let leader: Client;
  let resident: Client;
  let groupId = '';
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startServer();
    profiles = mkdtempSync(join(tmpdir(), 'weerbaar-web-cli-'));
    await cli(join(profiles, 'admin'), 'join', '--server', server.url, '--invite', server.adminInvite, '--name', 'Beheer');
  });

  afterAll(async () => {
    leader?.stop();
    resident?.stop();
    await server?.stop();
  });

  it('a leader joins in the web client with a CLI-made invite and creates a group', async () => {
    const admin = join(profiles, 'admin');
    const community = await cli(admin, 'community', 'create', 'Buurt Noord');
    const invite = await cliJson<{ token: string }>(admin, 'invite', 'create', '--kind', 'community', '--community', community, '--role', 'leader');
    leader = await nodeClient(server.url);
    await leader.join(invite.token, 'Lotte');
    expect(leader.roleIn(community)).toBe(Role.LEADER);
    groupId = await leader.createGroup(community, 'Straat');
    expect(leader.groups().map((g) => g.name)).toEqual(['Straat']);
  });

  it('a CLI resident reads what the web client sent, and the web client reads the CLI', async () => {
    const invite = await leader.createInvite(InviteKind.INVITE_GROUP, { groupId });
    const res = join(profiles, 'cli-resident');
    await cli(res, 'join', '--server', server.url, '--invite', invite.token, '--name', 'Ahmed');
    await leader.send(groupId, 'Hallo vanaf het web');
    const read = await cliJson<CliEntry[]>(res, 'read', groupId);
    expect(read.map((e) => [e.sender, e.text, e.decrypted])).toEqual([['Lotte', 'Hallo vanaf het web', true]]);
    await cli(res, 'send', groupId, 'Hoi Lotte, vanaf de CLI');
    await until(leader, () => texts(leader, groupId).includes('Hoi Lotte, vanaf de CLI'), 'the CLI message');
    const last = leader.history(groupId).at(-1)!;
    expect([last.senderName, last.decrypted, last.seq]).toEqual(['Ahmed', true, 2n]);
  });

  it('a web resident that was stopped catches up with no loss and no duplicate', async () => {
    const invite = await leader.createInvite(InviteKind.INVITE_GROUP, { groupId });
    const backend = new MemoryBackend();
    resident = await nodeClient(server.url, backend);
    await resident.join(invite.token, 'Sanne');
    expect(texts(resident, groupId)).toEqual(['', '']); // from before she joined: no key
    resident.stop();
    await leader.send(groupId, 'een');
    await cli(join(profiles, 'cli-resident'), 'send', groupId, 'twee');
    await leader.send(groupId, 'drie');
    // A reload: the same stored device, a new Client object.
    resident = await nodeClient(server.url, backend);
    resident.start();
    await until(resident, () => resident.history(resident.groups()[0].groupId).length >= 5, 'catch-up');
    expect(texts(resident, groupId).slice(2)).toEqual(['een', 'twee', 'drie']);
    expect(resident.history(groupId).map((e) => e.seq)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('a web device whose socket dies reconnects with backoff and misses nothing', async () => {
    const backend = new MemoryBackend();
    const invite = await leader.createInvite(InviteKind.INVITE_GROUP, { groupId });
    const store = await DeviceStore.open(backend);
    const flaky = await Client.open(store, {
      url: server.url,
      socketFactory: (u) => {
        const ws = new WebSocket(u);
        sockets.push(ws);
        return ws as unknown as SocketLike;
      },
      backoffMinMs: 50,
      backoffMaxMs: 200,
    });
    await flaky.join(invite.token, 'Piet');
    const statuses: string[] = [];
    flaky.listeners.status = (s) => statuses.push(s);
    sockets.at(-1)!.terminate(); // no close frame: a network drop
    await leader.send(groupId, 'tijdens de storing');
    await cli(join(profiles, 'cli-resident'), 'send', groupId, 'ook tijdens de storing');
    await until(flaky, () => texts(flaky, groupId).includes('ook tijdens de storing'), 'catch-up after the drop').catch((e) => {
      throw new Error(`${e.message}; statuses ${statuses.join(',')}; history ${JSON.stringify(texts(flaky, groupId))}; status now ${flaky.status}`);
    });
    await flaky.send(groupId, 'weer online');
    await until(leader, () => texts(leader, groupId).includes('weer online'), 'the message after the drop');
    expect(statuses).toContain('offline');
    const seqs = flaky.history(groupId).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(seqs.map((_, i) => BigInt(i + 1)));
    const read = await cliJson<CliEntry[]>(join(profiles, 'cli-resident'), 'read', groupId);
    expect(read.filter((e) => e.decrypted).map((e) => e.text)).toContain('weer online');
    flaky.stop();
  });

  it('an admin in the web client creates a community and invites a leader for it', async () => {
    const profile = join(profiles, 'admin');
    const adminInvite = await cliJson<{ token: string }>(profile, 'invite', 'create', '--kind', 'admin');
    const admin = await nodeClient(server.url);
    await admin.join(adminInvite.token, 'Tweede beheerder');
    expect(admin.isAdmin).toBe(true);
    const community = await admin.createCommunity('Buurt Zuid');
    expect(admin.roleIn(community)).toBe(Role.ADMIN);
    const invite = await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId: community });
    const newLeader = await nodeClient(server.url);
    await newLeader.join(invite.token, 'Nieuwe coördinator');
    expect(newLeader.roleIn(community)).toBe(Role.LEADER);
    admin.stop();
    newLeader.stop();
  });

  it('after a removal the group epoch rises and the remaining members still read each other', async () => {
    const before = leader.group(groupId)!.epoch;
    await leader.removeMember(groupId, resident.userId);
    expect(leader.group(groupId)!.epoch).toBeGreaterThan(before);
    await leader.send(groupId, 'na het verwijderen');
    const read = await cliJson<CliEntry[]>(join(profiles, 'cli-resident'), 'read', groupId);
    expect(read.map((e) => [e.text, e.decrypted])).toContainEqual(['na het verwijderen', true]);
  });
});
