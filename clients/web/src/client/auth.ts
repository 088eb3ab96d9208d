// Joining (Register with an invite) and authenticating (docs/protocol.md "Connection
// flow"): the device answers the server's challenge with a signed transcript.
import { equalBytes, fromHex, toHex } from '../crypto/bytes';
import { DeviceIdentity } from '../crypto/identity';
import { registerExtra, signAuthTranscript } from '../crypto/transcript';
import type { AuthResult, Challenge } from '../gen/weerbaar_pb';
import { Connection, ConnectionLost, type SocketFactory } from './connection';
import type { ClientCore } from './core';

export const PROTOCOL_VERSION = 1;

// The server is not one this client can talk to, or not the one this device joined.
export class WrongServer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongServer';
  }
}

function checkChallenge(c: Challenge): void {
  if (c.protocolVersion !== PROTOCOL_VERSION) {
    throw new WrongServer(`the server speaks protocol version ${c.protocolVersion}, this client speaks ${PROTOCOL_VERSION}`);
  }
  if (c.serverId.length !== 32 || c.nonce.length !== 32) throw new WrongServer('the server sent a malformed challenge');
}

async function openChecked(url: string, factory: SocketFactory): Promise<Connection> {
  const conn = await Connection.open(url, factory);
  try {
    checkChallenge(conn.challenge);
  } catch (e) {
    conn.close();
    throw e;
  }
  return conn;
}

// Creates this device's identity and registers it with `invite`. The identity is stored
// before the server learns it, and removed again if the registration fails.
export async function join(core: ClientCore, url: string, factory: SocketFactory, invite: string, name: string): Promise<AuthResult> {
  if (core.meta) throw new Error('this device has already joined');
  const conn = await openChecked(url, factory);
  const id = DeviceIdentity.generate();
  const c = conn.challenge;
  const signature = signAuthTranscript(id, {
    purpose: 'register',
    protocolVersion: c.protocolVersion,
    serverId: c.serverId,
    nonce: c.nonce,
    deviceId: id.deviceId,
    extra: registerExtra(invite, id.agreementPublic),
  });
  await core.store.saveIdentity(id.serializeSecret());
  let result: AuthResult;
  try {
    const keys = { signingKey: id.signingPublic, agreementKey: id.agreementPublic, agreementSig: id.agreementSignature };
    const reply = await conn.call({ case: 'register', value: { invite, keys, signature, displayName: name } });
    if (reply.body.case !== 'authResult' || !equalBytes(reply.body.value.deviceId, id.deviceId)) {
      throw new ConnectionLost('the server registered a different device');
    }
    result = reply.body.value;
  } catch (e) {
    conn.close();
    await core.store.clear();
    throw e;
  }
  core.identity = id;
  core.meta = {
    serverId: toHex(c.serverId),
    userId: toHex(result.userId),
    deviceId: toHex(id.deviceId),
    isAdmin: result.isAdmin,
    displayName: name,
    inboxCursor: 0n,
    channelIds: result.channelId.length > 0 ? [toHex(result.channelId)] : [],
  };
  await core.saveMeta();
  core.conn = conn;
  return result;
}

// Connects and authenticates. WrongServer (nothing signed or sent) if the server's id is
// not the one this device joined.
export async function connect(core: ClientCore, url: string, factory: SocketFactory): Promise<AuthResult> {
  const conn = await openChecked(url, factory);
  const c = conn.challenge;
  if (toHex(c.serverId) !== core.me.serverId) {
    conn.close();
    throw new WrongServer('this is not the server this device joined');
  }
  const signature = signAuthTranscript(core.id, {
    purpose: 'authenticate',
    protocolVersion: c.protocolVersion,
    serverId: c.serverId,
    nonce: c.nonce,
    deviceId: core.id.deviceId,
    extra: new Uint8Array(0),
  });
  try {
    const reply = await conn.call({ case: 'authenticate', value: { deviceId: fromHex(core.me.deviceId), signature } });
    if (reply.body.case !== 'authResult' || toHex(reply.body.value.userId) !== core.me.userId) {
      throw new ConnectionLost('the server authenticated another user or device');
    }
    if (reply.body.value.isAdmin !== core.me.isAdmin) {
      core.me.isAdmin = reply.body.value.isAdmin;
      await core.saveMeta();
    }
    core.conn = conn;
    return reply.body.value;
  } catch (e) {
    conn.close();
    throw e;
  }
}
