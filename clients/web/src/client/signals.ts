// Signals: the web client's entry point for signal reports and partner channels (used by the
// UI and the tests as `client.signals`). Every step runs in the Client's serial queue, so a
// push, a catch-up and a user action never interleave their state changes. The protocol
// steps are in reports.ts (reporter) and partner.ts (partner).
import { fromHex, toHex } from '../crypto/bytes';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { Role, type ChannelInfo, ChannelPolicySchema, type CommunitySummary, type ServerMessage, type TrendCells } from '../gen/weerbaar_pb';
import type { ClientCore } from './core';
import { shareChannelKey } from './channel_key_share';
import { channelPartners } from './directory';
import * as partner from './partner';
import { processInbox } from './receiving';
import * as reports from './reports';
import type { ChannelKeys, FiledReport, OwnShare } from './signals_state';
import { suggestCategories } from '../signals/classifier';
import { categoryLabel, describesPerson, parseTaxonomy, type Language, type Taxonomy } from '../signals/taxonomy';

export type Run = <T>(fn: () => Promise<T>) => Promise<T>;

export class Signals {
  taxonomy: Taxonomy | null = null;
  private readonly channelLists = new Map<string, ChannelInfo[]>();

  constructor(
    private readonly core: ClientCore,
    private readonly run: Run,
    private readonly now: () => number,
    private readonly changed: () => void,
    private readonly communities: () => CommunitySummary[],
  ) {}

  reports(): FiledReport[] {
    return this.core.signals.reports;
  }
  report(reportId: string): FiledReport | undefined {
    return this.core.signals.reports.find((r) => r.reportId === reportId);
  }
  partnerChannels(): ChannelKeys[] {
    return this.core.signals.channels;
  }
  // The category's label (its id until the taxonomy has been read from the server).
  label(categoryId: string, lang: Language): string {
    return this.taxonomy ? categoryLabel(this.taxonomy, categoryId, lang) : categoryId;
  }
  // Up to 3 categories for a report's text, best first (the on-device classifier).
  suggest(text: string): string[] {
    return this.taxonomy ? suggestCategories(this.taxonomy, text, 3) : [];
  }
  describesPerson(categoryId: string): boolean {
    return this.taxonomy ? describesPerson(this.taxonomy, categoryId) : false;
  }
  // Channels last listed for a community (listChannels refreshes it).
  channelsOf(communityId: string): ChannelInfo[] {
    return this.channelLists.get(communityId) ?? [];
  }

  fileReport(r: reports.NewReport): Promise<FiledReport> {
    return this.run(async () => {
      const person = describesPerson(await this.loadTaxonomy(), r.category);
      const filed = await reports.fileReport(this.core, r, person, this.now());
      this.changed();
      return filed;
    });
  }
  // The server's taxonomy, read once per session.
  loadedTaxonomy(): Promise<Taxonomy> {
    return this.run(() => this.loadTaxonomy());
  }
  listChannels(communityId: string): Promise<ChannelInfo[]> {
    return this.run(async () => {
      const list = await this.core.call({ case: 'listChannels', value: { communityId: fromHex(communityId) } }, 'channelList');
      this.channelLists.set(communityId, list.channels);
      return list.channels;
    });
  }
  share(reportId: string, choice: reports.ShareChoice): Promise<OwnShare> {
    return this.act(() => reports.shareReport(this.core, this.mustReport(reportId), choice, this.now()));
  }
  withdraw(shareId: string): Promise<void> {
    return this.act(() => reports.withdraw(this.core, shareId, this.now()));
  }
  refreshMyShares(): Promise<void> {
    return this.act(() => reports.refreshMyShares(this.core, this.now()));
  }
  answer(shareId: string, text: string): Promise<void> {
    return this.act(() => reports.answerQuestion(this.core, shareId, text, this.now()));
  }
  setStatus(shareId: string, status: number): Promise<void> {
    return this.act(() => partner.setStatus(this.core, shareId, status));
  }
  ask(shareId: string, text: string): Promise<void> {
    return this.act(() => partner.askQuestion(this.core, shareId, text, this.now()));
  }
  postUpdate(shareId: string, text: string): Promise<void> {
    return this.act(() => partner.postUpdate(this.core, shareId, text, this.now()));
  }
  trends(channelId: string, fromMs: number, toMs: number): Promise<TrendCells> {
    return this.run(() => partner.trends(this.core, channelId, fromMs, toMs));
  }
  // Partner devices: make sure the channel keys are here, then read every channel in full.
  syncPartner(): Promise<void> {
    return this.act(() => this.partnerCatchUp());
  }
  createChannel(communityId: string, name: string, policy: MessageInitShape<typeof ChannelPolicySchema>): Promise<string> {
    return this.run(async () => {
      const value = { communityId: fromHex(communityId), name, policy };
      return toHex((await this.core.call({ case: 'createChannel', value }, 'channelCreated')).channelId);
    });
  }

  // REQUIRES: running inside the queue (Client.catchUp after a (re)connect).
  async catchUp(): Promise<void> {
    await this.loadTaxonomy();
    if (this.core.signals.reports.some((r) => r.shares.length > 0)) await reports.refreshMyShares(this.core, this.now());
    await this.partnerCatchUp();
    this.changed();
  }

  // REQUIRES: running inside the queue. Returns the groups a relayed status or update was
  // posted to.
  async onPush(m: ServerMessage): Promise<string[]> {
    const body = m.body;
    let groups: string[] = [];
    if (body.case === 'pushShareStatus') {
      groups = await reports.onStatusPush(this.core, toHex(body.value.shareId), body.value.status, this.now());
    } else if (body.case === 'pushShareThread' && body.value.fromPartner) {
      groups = await reports.onThreadPush(this.core, body.value, this.now());
    } else if (body.case === 'pushChannelShare' || body.case === 'pushShareRetracted' || body.case === 'pushShareThread') {
      await partner.onPartnerPush(this.core, body);
    } else if (body.case !== 'pushInbox' || !(await this.readNewChannels())) {
      return [];
    }
    this.changed();
    return groups;
  }

  // The channels of this partner: key, a full read, then the key passed on to partner
  // devices that lack it. A device without a channel's key reads its inbox first (another
  // partner device may have sent it); a channel whose key is still elsewhere is reported, not
  // fatal to the catch-up.
  private async partnerCatchUp(): Promise<void> {
    const lists: ChannelInfo[][] = [];
    for (const c of this.communities().filter((x) => x.role === Role.PARTNER)) {
      const list = await this.core.call({ case: 'listChannels', value: { communityId: c.communityId } }, 'channelList');
      this.channelLists.set(toHex(c.communityId), list.channels);
      lists.push(list.channels);
    }
    const mine = await this.ownChannels(lists.flat());
    if ([...mine].some((id) => !partner.channelKeys(this.core, id))) await processInbox(this.core);
    for (const info of lists.flat().filter((x) => mine.has(toHex(x.channelId)))) {
      try {
        const keys = await partner.ensureChannelKey(this.core, info);
        await partner.syncChannel(this.core, keys, true);
        await shareChannelKey(this.core, keys);
      } catch (e) {
        if (!(e instanceof partner.ChannelKeyElsewhere)) throw e;
        this.core.notice({ kind: 'channel-key', detail: e.message });
      }
    }
  }

  // This user's partner channels among `channels`. The device that joined learned its
  // channel from AuthResult.channel_id; a device linked to the partner's account later
  // learns it here, from the channel's partner list (the server answers partners only),
  // and keeps it, so that its inbox accepts the channel key from the other partner devices.
  private async ownChannels(channels: ChannelInfo[]): Promise<Set<string>> {
    const mine = new Set(this.core.me.channelIds ?? []);
    const before = mine.size;
    for (const id of channels.map((x) => toHex(x.channelId)).filter((x) => !mine.has(x))) {
      const partners = await channelPartners(this.core, id);
      if (partners.some((m) => toHex(m.userId) === this.core.me.userId)) mine.add(id);
    }
    if (mine.size !== before) {
      this.core.me.channelIds = [...mine];
      await this.core.saveMeta();
    }
    return mine;
  }

  // A channel key that came in the inbox (the push was handled by receiving.ts): read the
  // channel it opens, once, as a catch-up would.
  private async readNewChannels(): Promise<boolean> {
    const fresh = this.core.signals.channels.filter((k) => k.afterSeq === 0n && k.cards.length === 0);
    for (const keys of fresh) await partner.syncChannel(this.core, keys, true);
    return fresh.length > 0;
  }

  private async loadTaxonomy(): Promise<Taxonomy> {
    if (!this.taxonomy) {
      const reply = await this.core.call({ case: 'getTaxonomy', value: {} }, 'taxonomyJson');
      this.taxonomy = parseTaxonomy(reply.json);
    }
    return this.taxonomy;
  }

  private mustReport(reportId: string): FiledReport {
    const r = this.report(reportId);
    if (!r) throw new Error('no such report on this device');
    return r;
  }

  private act<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(async () => {
      try {
        return await fn();
      } finally {
        this.changed();
      }
    });
  }
}
