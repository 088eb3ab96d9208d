// A community's area under node against the real server: the admin creates a community with
// its area, its leader moves it, a resident sees the new one in her community list and may
// not change it, and an area that is no geohash of 4-6 characters is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InviteKind, Role } from '../../src/client/client';
import { ServerError } from '../../src/client/connection';
import { toHex } from '../../src/crypto/bytes';
import { ErrorCode } from '../../src/gen/weerbaar_pb';
import { nodeClient } from '../support/node_client';
import { HAVE_BINARIES, startServer, type RunningServer } from '../support/server';

describe.runIf(HAVE_BINARIES)('a community area', () => {
  let server: RunningServer;
  let admin: Client, leader: Client, resident: Client;
  let communityId = '';

  const areaAt = (c: Client) => c.communities.find((x) => toHex(x.communityId) === communityId)?.area;
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ServerError);
    return (e as ServerError).code;
  };

  beforeAll(async () => {
    server = await startServer();
    admin = await nodeClient(server.url);
    await admin.join(server.adminInvite, 'Beheer');
    communityId = await admin.createCommunity('Lombok', 'u178k');
    leader = await nodeClient(server.url);
    await leader.join((await admin.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId })).token, 'Lotte');
    const groupId = await leader.createGroup(communityId, 'Straat');
    resident = await nodeClient(server.url);
    await resident.join((await leader.createInvite(InviteKind.INVITE_GROUP, { groupId })).token, 'Sanne');
  });

  afterAll(async () => {
    for (const c of [admin, leader, resident]) c?.stop();
    await server?.stop();
  });

  it('is set when the admin creates the community and listed to its members', () => {
    expect(areaAt(admin)).toBe('u178k');
    expect(areaAt(leader)).toBe('u178k');
    expect(areaAt(resident)).toBe('u178k');
  });

  it('is moved by a leader, and residents see the new area', async () => {
    await leader.setCommunityArea(communityId, 'u178kq');
    expect(areaAt(leader)).toBe('u178kq');
    await resident.refresh();
    expect(areaAt(resident)).toBe('u178kq');
  });

  it('cannot be changed by a resident, nor set to something that is no area', async () => {
    expect(await refusal(resident.setCommunityArea(communityId, 'u178'))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(admin.setCommunityArea(communityId, 'u17a'))).toBe(ErrorCode.BAD_REQUEST);
    expect(await refusal(admin.createCommunity('Nergens', 'u178kqxy'))).toBe(ErrorCode.BAD_REQUEST);
    await admin.refresh();
    expect(areaAt(admin)).toBe('u178kq');
  });
});
