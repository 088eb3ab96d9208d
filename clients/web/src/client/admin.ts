// The installation admin's calls: partner channels (CreateChannel with its policy,
// ListChannels, channel invites), the taxonomy a policy picks its categories from,
// retention policies, the audit chain's health and the Art. 30 records. None of these
// carries message content (docs/protocol.md; authorisation is the server's).
import { fromHex, toHex } from '../crypto/bytes';
import {
  ChannelType,
  DataClass,
  InviteKind,
  Role,
  TimeBucket,
  type AuditVerification,
  type ChannelInfo,
  type InviteCreated,
  type RecordsOfProcessing,
} from '../gen/weerbaar_pb';
import type { Client } from './client';

export interface Category {
  id: string;
  labelNl: string;
  labelEn: string;
  describesPerson: boolean; // house rule: only a police channel may accept it
}

// What the admin fills in for a channel (signals::ChannelPolicy).
export interface PolicyDraft {
  type: ChannelType;
  acceptedCategories: string[];
  locationPrecision: number; // geohash length 1..8
  timeBucket: TimeBucket;
  mayAskQuestions: boolean;
  namesToScrub: string[]; // personal data: channel configuration
}

// Reads the server's taxonomy (weerbaar-taxonomy/v1); throws on anything else.
export function parseTaxonomy(json: string): Category[] {
  const doc = JSON.parse(json) as { format?: unknown; categories?: unknown };
  if (doc?.format !== 'weerbaar-taxonomy/v1' || !Array.isArray(doc.categories)) throw new Error('unknown taxonomy format');
  return doc.categories.map((c: Record<string, unknown>) => ({
    id: String(c.id),
    labelNl: String(c.label_nl),
    labelEn: String(c.label_en),
    describesPerson: c.describes_person === true,
  }));
}

// The categories a channel of `type` may accept: those describing a person only for police.
export function categoriesFor(type: ChannelType, all: Category[]): Category[] {
  return type === ChannelType.CHANNEL_POLICE ? all : all.filter((c) => !c.describesPerson);
}

// Names to scrub, one per line: trimmed, empty lines and repeats dropped.
export function parseNames(text: string): string[] {
  return [...new Set(text.split('\n').map((n) => n.trim()).filter((n) => n !== ''))];
}

export async function getTaxonomy(client: Client): Promise<Category[]> {
  const r = await client.request({ case: 'getTaxonomy', value: {} }, 'taxonomyJson');
  return parseTaxonomy(r.json);
}

export async function listChannels(client: Client, communityId: string): Promise<ChannelInfo[]> {
  const r = await client.request({ case: 'listChannels', value: { communityId: fromHex(communityId) } }, 'channelList');
  return r.channels;
}

export async function createChannel(client: Client, communityId: string, name: string, policy: PolicyDraft): Promise<string> {
  const value = { communityId: fromHex(communityId), name, policy };
  const r = await client.request({ case: 'createChannel', value }, 'channelCreated');
  return toHex(r.channelId);
}

// A single-use invite for a new partner user of the channel.
export function channelInvite(client: Client, channelId: string): Promise<InviteCreated> {
  const value = { kind: InviteKind.INVITE_CHANNEL, role: Role.UNSPECIFIED, channelId: fromHex(channelId) };
  return client.request({ case: 'createInvite', value }, 'inviteCreated');
}

export async function setRetentionPolicy(client: Client, dataClass: DataClass, p: { defaultMs: number; minMs: number; maxMs: number }): Promise<void> {
  const value = { dataClass, defaultMs: BigInt(p.defaultMs), minMs: BigInt(p.minMs), maxMs: BigInt(p.maxMs) };
  await client.request({ case: 'setRetentionPolicy', value }, 'ok');
}

// A community's own period for a class it may choose; null returns it to the default.
export async function setCommunityRetention(client: Client, communityId: string, dataClass: DataClass, periodMs: number | null): Promise<void> {
  const value = { communityId: fromHex(communityId), dataClass, periodMs: BigInt(periodMs ?? 0), reset: periodMs === null };
  await client.request({ case: 'setCommunityRetention', value }, 'ok');
}

export function verifyAudit(client: Client): Promise<AuditVerification> {
  return client.request({ case: 'verifyAudit', value: {} }, 'auditVerification');
}

export function recordsOfProcessing(client: Client): Promise<RecordsOfProcessing> {
  return client.request({ case: 'getRecordsOfProcessing', value: {} }, 'recordsOfProcessing');
}

export { ChannelType, DataClass, TimeBucket };
