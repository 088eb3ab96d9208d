// The privacy calls of the web client's code under node against the real server: the
// export holds her own data with the texts this device decrypted; erasing the account on
// one device wipes that device's store, makes her other (online) device wipe itself on the
// AccountErased push, takes her out of the group, and a copy of the old device's records
// no longer authenticates. Needs WEERBAAR_SERVER_BIN (and WEERBAAR_CLI_BIN); skipped without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, InviteKind, Role } from '../../src/client/client';
import { eraseAccount, exportAccount, getRetention } from '../../src/client/privacy';
import { MemoryBackend } from '../../src/client/store';
import { nodeClient } from '../support/node_client';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

// Resolves with the first value `subscribe` delivers; a 10 s ceiling fails the test.
function first<T>(what: string, subscribe: (deliver: (v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), 10_000);
    subscribe((v) => (clearTimeout(timer), resolve(v)));
  });
}

async function copyOf(backend: MemoryBackend): Promise<MemoryBackend> {
  const copy = new MemoryBackend();
  for (const k of await backend.keys()) await copy.put(k, await backend.get(k));
  return copy;
}

describe.runIf(HAVE_BINARIES)('privacy: export and erasure on the real server', () => {
  let server: RunningServer;
  let admin: Client, phone: Client, tablet: Client;
  const phoneStore = new MemoryBackend();
  const tabletStore = new MemoryBackend();
  let groupId = '';
  let communityId = '';

  beforeAll(async () => {
    server = await startServer();
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    communityId = await admin.createCommunity('Buurt Zuid');
    groupId = await admin.createGroup(communityId, 'Plein');
    phone = await nodeClient(server.url, phoneStore);
    await phone.join((await admin.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
    tablet = await nodeClient(server.url, tabletStore);
    await tablet.join((await phone.createInvite(InviteKind.INVITE_DEVICE_LINK)).token, 'Sanne');
  });

  afterAll(async () => {
    for (const c of [admin, phone, tablet]) c?.stop();
    await server?.stop();
  });

  it('a resident sees the retention in her community and exports her own data', async () => {
    expect(phone.roleIn(communityId)).toBe(Role.RESIDENT);
    const retention = await getRetention(phone, communityId);
    expect(retention.classes.filter((r) => r.communityMayChoose).length).toBeGreaterThan(0);
    await phone.send(groupId, 'Mijn eigen bericht');
    const { json } = await exportAccount(phone);
    const data = JSON.parse(json);
    expect(data.account.display_name).toBe('Sanne');
    expect(data.devices).toHaveLength(2);
    expect(data.messages.map((m: { text?: string }) => m.text)).toEqual(['Mijn eigen bericht']);
    expect(data.device).toMatchObject({ device_id: phone.deviceId, decrypted_messages: 1 });
  });

  it('erasing wipes both of her devices and the server refuses the old one', async () => {
    const kept = await copyOf(phoneStore);
    const tabletErased = first<void>('the tablet to wipe itself', (done) => (tablet.listeners.erased = done));
    const receipt = await eraseAccount(phone);
    expect(receipt.devices).toBe(2n);
    expect(receipt.memberships).toBeGreaterThanOrEqual(1n);
    await tabletErased;
    expect(await phoneStore.keys()).toEqual(['wrapping-key']);
    expect(await tabletStore.keys()).toEqual(['wrapping-key']);
    expect((await admin.members(groupId)).members.map((m) => m.displayName)).toEqual(['Beheer']);
    const old = await nodeClient(server.url, kept);
    expect(old.joined).toBe(true);
    const refused = first<string>('the old device to be refused', (done) => (old.listeners.notice = (n) => n.kind === 'connect-failed' && done(n.detail)));
    old.start();
    expect(await refused).not.toBe('');
    old.stop();
  });
});
