// ClientCore: one device of one user: its identity, its state and its current connection.
// The protocol steps live in auth.ts, sending.ts and receiving.ts as functions over it;
// client.ts serialises them and adds reconnects. Every state change is saved before the
// next request goes out, so a reload never reuses a message key nor forgets a received one.
import { fromHex, toHex } from '../crypto/bytes';
import type { DeviceIdentity } from '../crypto/identity';
import type { GroupInfo, ServerMessage } from '../gen/weerbaar_pb';
import { ConnectionLost, type Connection, type RequestBody } from './connection';
import { newSignalsState, type SignalsState } from './signals_state';
import { newGroup, type DeviceMeta, type GroupState } from './state';
import type { DeviceStore } from './store';

export type ReplyCase = NonNullable<ServerMessage['body']['case']>;
export type ReplyOf<C extends ReplyCase> = Extract<ServerMessage['body'], { case: C }>['value'];

// Something worth telling the user that is not an error of the current action.
export type Notice = { kind: 'skipped-device' | 'bad-share' | 'connect-failed' | 'channel-key'; detail: string };

export class ClientCore {
  conn: Connection | null = null;
  readonly groups = new Map<string, GroupState>();
  readonly notices: Notice[] = [];
  signals: SignalsState = newSignalsState();

  constructor(
    readonly store: DeviceStore,
    public identity: DeviceIdentity | null,
    public meta: DeviceMeta | null,
  ) {}

  get me(): DeviceMeta {
    if (!this.meta) throw new Error('this device has not joined a server');
    return this.meta;
  }

  get id(): DeviceIdentity {
    if (!this.identity) throw new Error('this device has not joined a server');
    return this.identity;
  }

  // Sends a request on the current connection (ConnectionLost when there is none).
  // `expect` names the reply; anything else is treated as a broken connection.
  async call<C extends ReplyCase>(body: RequestBody, expect: C): Promise<ReplyOf<C>> {
    if (!this.conn || !this.conn.isOpen) throw new ConnectionLost('not connected');
    const reply = await this.conn.call(body);
    if (reply.body.case !== expect) throw new ConnectionLost('unexpected reply from the server');
    return reply.body.value as ReplyOf<C>;
  }

  group(groupId: string): GroupState {
    let g = this.groups.get(groupId);
    if (!g) {
      g = newGroup(groupId);
      this.groups.set(groupId, g);
    }
    return g;
  }

  saveGroup(g: GroupState): Promise<void> {
    return this.store.saveGroup(g);
  }

  saveSignals(): Promise<void> {
    return this.store.saveSignals(this.signals);
  }

  saveMeta(): Promise<void> {
    return this.store.saveMeta(this.me);
  }

  async getGroup(groupId: string): Promise<GroupInfo> {
    const info = await this.call({ case: 'getGroup', value: { groupId: fromHex(groupId) } }, 'groupInfo');
    if (toHex(info.groupId) !== groupId) throw new ConnectionLost('unexpected reply from the server');
    const g = this.group(groupId);
    g.name = info.name;
    g.communityId = toHex(info.communityId);
    g.epoch = info.epoch;
    if (info.lastSeq > g.lastSeq) g.lastSeq = info.lastSeq;
    // Former members keep their name, so that their old messages still show one.
    for (const m of info.members) g.names[toHex(m.userId)] = m.displayName;
    await this.saveGroup(g);
    return info;
  }

  notice(n: Notice): void {
    this.notices.push(n);
  }
}
