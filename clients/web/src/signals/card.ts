// The card a partner channel will see, previewed on the reporter's device before sharing:
// a mirror of the server's privacy filter (signals/privacy_filter.h, docs/signals.md
// "Privacy filter"), so the client shows exactly what leaves it and refuses what the server
// would refuse. The exact location and time never appear in the preview: only the geohash
// cut to the channel's precision and the start of the channel's time bucket (UTC).
import { ChannelType as ProtoChannelType, TimeBucket as ProtoTimeBucket, type ChannelPolicy } from '../gen/weerbaar_pb';
import { bucketStart, DAY_MS, type TimeBucket } from './calendar';
import { encodeGeohash, isValidGeohash } from './geohash';
import { findCategory, type Taxonomy } from './taxonomy';

export const COMMUNITY_ID_BYTES = 16;
export const MAX_LOCATION_PRECISION = 8;
export const MAX_CARD_FUTURE_SKEW_MS = 5n * 60_000n;
export const MAX_CARD_AGE_MS = 30n * DAY_MS;

export type ChannelKind = 'municipality' | 'police' | 'housing' | 'other';

// The part of a channel's policy the card depends on (signals::ChannelPolicy).
export type CardPolicy = {
  type: ChannelKind;
  acceptedCategories: string[];
  locationPrecision: number; // geohash length, 1..8
  timeBucket: TimeBucket;
};

// What the reporter is about to share. Exact location and time: personal data, never stored
// or logged by this module. Give lat and lon together, or a geohash, or neither.
export type CardInput = {
  category: string;
  lat?: number;
  lon?: number;
  geohash?: string;
  timeMs?: bigint | number;
  communityId: Uint8Array;
};

export type PreviewedCard = {
  category: string;
  geohash?: string; // exactly policy.locationPrecision characters
  timeBucketStartMs?: bigint;
  timeBucket: TimeBucket;
  communityId: Uint8Array;
};

// Why the server would refuse the card; `code` is the C++ status code FilterCard returns.
export type CardRefusalReason =
  | 'invalid_policy'
  | 'unknown_category'
  | 'category_not_accepted'
  | 'describes_person'
  | 'bad_community_id'
  | 'invalid_location'
  | 'location_coarser_than_policy'
  | 'time_in_future'
  | 'time_too_old';
export type CardRefusal = {
  reason: CardRefusalReason;
  code: 'failed_precondition' | 'invalid_argument' | 'permission_denied';
};
export type CardPreview = { ok: true; card: PreviewedCard } | ({ ok: false } & CardRefusal);

const KIND_OF: Record<number, ChannelKind> = {
  [ProtoChannelType.CHANNEL_MUNICIPALITY]: 'municipality',
  [ProtoChannelType.CHANNEL_POLICE]: 'police',
  [ProtoChannelType.CHANNEL_HOUSING]: 'housing',
  [ProtoChannelType.CHANNEL_OTHER]: 'other',
};
const BUCKET_OF: Record<number, TimeBucket> = {
  [ProtoTimeBucket.BUCKET_HOUR]: 'hour',
  [ProtoTimeBucket.BUCKET_DAY]: 'day',
  [ProtoTimeBucket.BUCKET_WEEK]: 'week',
};

// The wire policy (ChannelInfo.policy) as a CardPolicy; unknown enum values become
// 'other' and 'day', as the C++ server reads them.
export function cardPolicyFromProto(p: ChannelPolicy): CardPolicy {
  return {
    type: KIND_OF[p.type] ?? 'other',
    acceptedCategories: [...p.acceptedCategories],
    locationPrecision: p.locationPrecision,
    timeBucket: BUCKET_OF[p.timeBucket] ?? 'day',
  };
}

function refusal(reason: CardRefusalReason): CardPreview {
  const code: CardRefusal['code'] =
    reason === 'invalid_policy'
      ? 'failed_precondition'
      : reason === 'category_not_accepted' || reason === 'describes_person'
        ? 'permission_denied'
        : 'invalid_argument';
  return { ok: false, reason, code };
}

// ValidatePolicy: precision in range; accepted categories known, unique, and describing a
// person only on a police channel.
export function policyProblem(policy: CardPolicy, taxonomy: Taxonomy): string | undefined {
  const p = policy.locationPrecision;
  if (!Number.isInteger(p) || p < 1 || p > MAX_LOCATION_PRECISION) return 'location precision out of range';
  const seen = new Set<string>();
  for (const id of policy.acceptedCategories) {
    const c = findCategory(taxonomy, id);
    if (!c) return 'unknown category ' + id;
    if (seen.has(id)) return 'category listed twice';
    seen.add(id);
    if (c.describesPerson && policy.type !== 'police') return id + ' describes a person; only police may accept it';
  }
  return undefined;
}

function categoryRefusal(category: string, policy: CardPolicy, taxonomy: Taxonomy): CardRefusalReason | undefined {
  const c = findCategory(taxonomy, category);
  if (!c) return 'unknown_category';
  if (!policy.acceptedCategories.includes(category)) return 'category_not_accepted';
  if (c.describesPerson && policy.type !== 'police') return 'describes_person';
  return undefined;
}

// The geohash at the policy's precision, or why there is none.
function location(input: CardInput, precision: number): { geohash?: string } | CardRefusalReason {
  if (input.lat !== undefined || input.lon !== undefined) {
    if (input.lat === undefined || input.lon === undefined || input.geohash !== undefined) return 'invalid_location';
    if (!(input.lat >= -90 && input.lat <= 90) || !(input.lon >= -180 && input.lon <= 180)) return 'invalid_location';
    return { geohash: encodeGeohash(input.lat, input.lon, precision) };
  }
  if (input.geohash === undefined) return {};
  if (!isValidGeohash(input.geohash)) return 'invalid_location';
  if (input.geohash.length < precision) return 'location_coarser_than_policy';
  return { geohash: input.geohash.slice(0, precision) };
}

function timeBucket(input: CardInput, bucket: TimeBucket, nowMs: bigint): { start?: bigint } | CardRefusalReason {
  if (input.timeMs === undefined) return {};
  if (typeof input.timeMs === 'number' && !Number.isSafeInteger(input.timeMs)) return 'time_too_old';
  const t = BigInt(input.timeMs);
  if (t > nowMs + MAX_CARD_FUTURE_SKEW_MS) return 'time_in_future';
  if (t < 0n || t < nowMs - MAX_CARD_AGE_MS) return 'time_too_old';
  return { start: bucketStart(t, bucket) };
}

// FilterCard's outcome for this input, in the same order of checks: the policy, the
// category, the community id, the location, the time. `taxonomy` is the server's
// (GetTaxonomy); `nowMs` the device's clock.
export function previewCard(policy: CardPolicy | ChannelPolicy, input: CardInput, taxonomy: Taxonomy, nowMs: bigint | number): CardPreview {
  const p = typeof policy.type === 'number' ? cardPolicyFromProto(policy as ChannelPolicy) : (policy as CardPolicy);
  if (policyProblem(p, taxonomy) !== undefined) return refusal('invalid_policy');
  const categoryProblem = categoryRefusal(input.category, p, taxonomy);
  if (categoryProblem) return refusal(categoryProblem);
  if (input.communityId.length !== COMMUNITY_ID_BYTES) return refusal('bad_community_id');
  const where = location(input, p.locationPrecision);
  if (typeof where === 'string') return refusal(where);
  const when = timeBucket(input, p.timeBucket, BigInt(nowMs));
  if (typeof when === 'string') return refusal(when);
  const card: PreviewedCard = { category: input.category, timeBucket: p.timeBucket, communityId: input.communityId };
  if (where.geohash !== undefined) card.geohash = where.geohash;
  if (when.start !== undefined) card.timeBucketStartMs = when.start;
  return { ok: true, card };
}
