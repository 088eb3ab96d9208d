// What a partner will get from a share, computed on the device before anything is sent:
// the card as the server's privacy filter will cut it (signals/card.ts mirrors FilterCard)
// and the details text after the scrubber with the channel's names. The share sends exactly
// this text, so the reporter approves what leaves her device.
import type { ChannelInfo } from '../gen/weerbaar_pb';
import { previewCard, type CardRefusalReason } from '../signals/card';
import { PII_KINDS, PII_MARKERS, scrub } from '../signals/scrubber';
import type { Taxonomy } from '../signals/taxonomy';
import { fromHex } from '../crypto/bytes';
import type { FiledReport } from './signals_state';

export interface SharePreview {
  refused: CardRefusalReason | 'too_long' | null; // the server would refuse this share
  geohash: string | null;
  bucketStartMs: number | null;
  text: string | null; // the scrubbed details; null when no details are shared
  scrubbed: string; // what the scrubber replaced, e.g. "2 x [telefoon]"; empty if nothing
  photo: boolean;
}

export function previewShare(taxonomy: Taxonomy, r: FiledReport, channel: ChannelInfo, fields: string[], nowMs: number): SharePreview {
  const input = { category: r.category, communityId: fromHex(r.communityId) };
  if (fields.includes('location') && r.lat !== undefined && r.lon !== undefined) Object.assign(input, { lat: r.lat, lon: r.lon });
  if (fields.includes('time')) Object.assign(input, { timeMs: r.happenedAtMs });
  const card = previewCard(channel.policy!, input, taxonomy, nowMs);
  const out: SharePreview = { refused: card.ok ? null : card.reason, geohash: null, bucketStartMs: null, text: null, scrubbed: '', photo: fields.includes('photo') && r.photo !== undefined };
  if (card.ok) {
    out.geohash = card.card.geohash ?? null;
    out.bucketStartMs = card.card.timeBucketStartMs !== undefined ? Number(card.card.timeBucketStartMs) : null;
  }
  if (!fields.includes('details')) return out;
  try {
    const scrubbed = scrub(r.text, channel.policy?.namesToScrub ?? []);
    out.text = scrubbed.text;
    out.scrubbed = PII_KINDS.filter((k) => scrubbed.counts[k] > 0).map((k) => `${scrubbed.counts[k]} x ${PII_MARKERS[k]}`).join(', ');
  } catch {
    out.refused ??= 'too_long';
  }
  return out;
}
