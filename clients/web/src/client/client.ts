// Client: the web client's one entry point for the UI and the tests. It owns a ClientCore,
// runs every protocol step one at a time (a serial queue, so pushes, syncs and sends never
// interleave their state changes), and keeps the connection up: after a drop it reconnects
// with backoff and catches up from the stored `fetched` seqs (inbox first, then every group),
// then resends the outbox. Nothing is lost (sync from the cursor) and nothing is doubled
// (dedupe by seq; resends keep their client_msg_id).
import { fromHex, toHex } from '../crypto/bytes';
import { DeviceIdentity } from '../crypto/identity';
import { initCrypto } from '../crypto/primitives';
import { InviteKind, Role, type CommunitySummary, type GroupInfo, type InviteCreated } from '../gen/weerbaar_pb';
import * as auth from './auth';
import { ConnectionLost, type RequestBody, type SocketFactory } from './connection';
import { ClientCore, type Notice, type ReplyCase, type ReplyOf } from './core';
import { handlePush, markRead, syncAll } from './receiving';
import { flushOutbox, groupsWithOutbox, sendText } from './sending';
import { Signals } from './signals';
import { unreadCount, type GroupState, type HistoryEntry } from './state';
import type { DeviceStore } from './store';

export type Status = 'offline' | 'connecting' | 'online';

export interface ClientEvents {
  status(s: Status): void;
  groups(): void; // the group list or a group's members changed
  messages(groupId: string): void; // a group's history changed
  signals(): void; // reports, shares or partner cards changed
  notice(n: Notice): void;
  erased(): void; // the account was erased from another device; this one has forgotten it
}

export interface ClientOptions {
  url: string;
  socketFactory: SocketFactory;
  now?: () => number;
  // Backoff after a failed connect: first delay, then doubled up to the maximum, with jitter.
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export class Client {
  private queue: Promise<unknown> = Promise.resolve();
  private statusValue: Status = 'offline';
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs: number;
  communities: CommunitySummary[] = [];
  listeners: Partial<ClientEvents> = {};
  readonly signals: Signals;

  private constructor(
    private readonly core: ClientCore,
    private readonly options: ClientOptions,
  ) {
    this.backoffMs = options.backoffMinMs ?? 500;
    const now = () => (options.now ?? Date.now)();
    this.signals = new Signals(core, (fn) => this.serial(fn), now, () => this.listeners.signals?.(), () => this.communities);
  }

  // Loads the device (identity, state) from `store`, if it has joined before.
  static async open(store: DeviceStore, options: ClientOptions): Promise<Client> {
    await initCrypto();
    const secret = await store.loadIdentity();
    const meta = await store.loadMeta();
    const identity = secret && meta ? DeviceIdentity.parse(secret) : null;
    const core = new ClientCore(store, identity, identity ? meta : null);
    for (const g of await store.loadGroups()) core.groups.set(g.groupId, g);
    core.signals = (await store.loadSignals()) ?? core.signals;
    return new Client(core, options);
  }

  get joined(): boolean {
    return this.core.meta !== null;
  }
  get status(): Status {
    return this.statusValue;
  }
  get userId(): string {
    return this.core.me.userId;
  }
  get deviceId(): string {
    return this.core.me.deviceId;
  }
  get displayName(): string {
    return this.core.me.displayName;
  }
  get isAdmin(): boolean {
    return this.core.me.isAdmin;
  }

  // Registers this device with an invite, then stays connected like start().
  async join(invite: string, displayName: string): Promise<void> {
    await this.serial(async () => {
      await auth.join(this.core, this.options.url, this.options.socketFactory, invite, displayName);
      this.running = true; // from here on a drop reconnects
      this.adopt();
      await this.catchUp();
    });
  }

  // Connects (and keeps reconnecting) until stop().
  start(): void {
    if (this.running || !this.joined) return;
    this.running = true;
    void this.reconnect();
  }

  stop(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.core.conn?.close();
    this.core.conn = null;
    this.setStatus('offline');
  }

  // Tries to connect now (a browser `online` event), instead of waiting for the backoff.
  nudge(): void {
    if (!this.running || this.statusValue !== 'offline') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.reconnect();
  }

  groups(): GroupState[] {
    return [...this.core.groups.values()].filter((g) => g.name !== '').sort((a, b) => a.name.localeCompare(b.name));
  }
  group(groupId: string): GroupState | undefined {
    return this.core.groups.get(groupId);
  }
  history(groupId: string): HistoryEntry[] {
    return this.core.groups.get(groupId)?.history ?? [];
  }
  unread(groupId: string): number {
    const g = this.core.groups.get(groupId);
    return g ? unreadCount(g, this.core.me.userId) : 0;
  }
  roleIn(communityId: string): Role {
    return this.communities.find((c) => toHex(c.communityId) === communityId)?.role ?? Role.UNSPECIFIED;
  }

  send(groupId: string, text: string): Promise<void> {
    return this.serial(() => sendText(this.core, groupId, text, (this.options.now ?? Date.now)()));
  }
  markRead(groupId: string): Promise<void> {
    return this.serial(() => markRead(this.core, groupId));
  }
  members(groupId: string): Promise<GroupInfo> {
    return this.serial(() => this.core.getGroup(groupId));
  }
  // area: a geohash of 4-6 characters, or '' for none yet.
  async createCommunity(name: string, area = ''): Promise<string> {
    const r = await this.serial(async () => {
      return this.core.call({ case: 'createCommunity', value: { name, area } }, 'communityCreated');
    });
    await this.refresh();
    return toHex(r.communityId);
  }
  // Admins and the community's leaders: its area, which the report map is centred on.
  async setCommunityArea(communityId: string, area: string): Promise<void> {
    await this.serial(() => this.core.call({ case: 'setCommunityArea', value: { communityId: fromHex(communityId), area } }, 'ok'));
    await this.refresh();
  }
  async createGroup(communityId: string, name: string): Promise<string> {
    const r = await this.serial(() => this.core.call({ case: 'createGroup', value: { communityId: fromHex(communityId), name } }, 'groupCreated'));
    await this.refresh();
    return toHex(r.groupId);
  }
  createInvite(kind: InviteKind, opts: { role?: Role; communityId?: string; groupId?: string; channelId?: string } = {}): Promise<InviteCreated> {
    const value = {
      kind,
      role: opts.role ?? Role.UNSPECIFIED,
      communityId: opts.communityId ? fromHex(opts.communityId) : new Uint8Array(0),
      groupId: opts.groupId ? fromHex(opts.groupId) : new Uint8Array(0),
      channelId: opts.channelId ? fromHex(opts.channelId) : new Uint8Array(0),
    };
    return this.serial(() => this.core.call({ case: 'createInvite', value }, 'inviteCreated'));
  }
  removeMember(groupId: string, userId: string): Promise<void> {
    return this.serial(async () => {
      await this.core.call({ case: 'removeMember', value: { groupId: fromHex(groupId), userId: fromHex(userId) } }, 'ok');
      await this.core.getGroup(groupId);
    });
  }
  // One request in the serial queue: the privacy and admin calls (privacy.ts, admin.ts).
  request<C extends ReplyCase>(body: RequestBody, expect: C): Promise<ReplyOf<C>> {
    return this.serial(() => this.core.call(body, expect));
  }
  // Re-reads communities and groups (and new messages) from the server.
  refresh(): Promise<void> {
    return this.serial(() => this.catchUp());
  }
  // Forgets this device in this browser (its keys and history); the server keeps it listed.
  async forget(): Promise<void> {
    this.stop();
    // After the steps already queued, so that none of them saves a record after the wipe.
    await this.serial(() => this.core.store.clear());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setStatus(s: Status): void {
    if (s === this.statusValue) return;
    this.statusValue = s;
    this.listeners.status?.(s);
  }

  private async reconnect(): Promise<void> {
    this.retryTimer = null;
    if (!this.running) return;
    this.setStatus('connecting');
    try {
      await this.serial(async () => {
        await auth.connect(this.core, this.options.url, this.options.socketFactory);
        this.adopt();
        await this.catchUp();
      });
      this.backoffMs = this.options.backoffMinMs ?? 500;
    } catch (e) {
      if (e instanceof auth.WrongServer) this.running = false;
      if (!(e instanceof ConnectionLost)) this.listeners.notice?.({ kind: 'connect-failed', detail: (e as Error).message });
      this.core.conn?.close();
      this.dropped();
    }
  }

  // Wires the freshly authenticated connection: pushes into the queue, drops to reconnect.
  private adopt(): void {
    const conn = this.core.conn!;
    conn.onPush = (m) => {
      if (m.body.case === 'pushAccountErased') return void this.forget().then(() => this.listeners.erased?.());
      void this.serial(async () => {
        const changed = [...(await handlePush(this.core, m)), ...(await this.signals.onPush(m))];
        if (m.body.case === 'pushGroupChanged') this.listeners.groups?.();
        for (const id of new Set(changed)) this.listeners.messages?.(id);
        this.flushNotices();
      }).catch(() => conn.close());
    };
    conn.onClose = () => {
      if (this.core.conn === conn) this.dropped();
    };
    this.setStatus('online');
  }

  private dropped(): void {
    this.core.conn = null;
    if (!this.running) return this.setStatus('offline');
    this.setStatus('offline');
    const max = this.options.backoffMaxMs ?? 30_000;
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(max, this.backoffMs * 2);
    if (!this.retryTimer) this.retryTimer = setTimeout(() => void this.reconnect(), delay);
  }

  // REQUIRES: running inside the queue.
  private async catchUp(): Promise<void> {
    const list = await this.core.call({ case: 'listCommunities', value: {} }, 'communityList');
    // For an admin the server lists every community (ROLE_ADMIN where she is no member).
    this.communities = list.communities;
    await syncAll(this.core);
    for (const id of groupsWithOutbox(this.core)) await flushOutbox(this.core, id);
    await this.signals.catchUp();
    this.listeners.groups?.();
    for (const g of this.core.groups.values()) this.listeners.messages?.(g.groupId);
    this.flushNotices();
  }

  private flushNotices(): void {
    for (const n of this.core.notices.splice(0)) this.listeners.notice?.(n);
  }
}

export { InviteKind, Role };
