// Card preview (signals/card.ts), calendar buckets and taxonomy parsing; the C++ table of
// cards is in test/interop/from_cpp_signals.test.ts.
import { create } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { bucketStart, isoWeekOf, isoWeekString } from '../../src/signals/calendar';
import { previewCard, type CardPolicy } from '../../src/signals/card';
import { categoryLabel, describesPerson, parseTaxonomy, TaxonomyError, type Taxonomy } from '../../src/signals/taxonomy';
import { ChannelPolicySchema, ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { readDefaultTaxonomyJson } from '../interop/fixtures';

let taxonomy: Taxonomy;
beforeAll(() => {
  taxonomy = parseTaxonomy(readDefaultTaxonomyJson());
});

const NOW = Date.UTC(2024, 4, 15, 14, 37, 12); // Wednesday 2024-05-15 14:37:12 UTC
const community = new Uint8Array(16).fill(7);
const policy: CardPolicy = { type: 'municipality', acceptedCategories: ['zwerfafval', 'straatverlichting'], locationPrecision: 6, timeBucket: 'day' };

describe('calendar', () => {
  it('starts hours, UTC days and ISO weeks (Monday 00:00 UTC)', () => {
    const t = BigInt(NOW);
    expect(bucketStart(t, 'hour')).toBe(BigInt(Date.UTC(2024, 4, 15, 14)));
    expect(bucketStart(t, 'day')).toBe(BigInt(Date.UTC(2024, 4, 15)));
    expect(bucketStart(t, 'week')).toBe(BigInt(Date.UTC(2024, 4, 13)));
    expect(bucketStart(BigInt(Date.UTC(2024, 4, 13)), 'week')).toBe(BigInt(Date.UTC(2024, 4, 13)));
  });
  it('numbers ISO weeks by the year of their Thursday', () => {
    expect(isoWeekString(isoWeekOf(BigInt(Date.UTC(2021, 0, 3))))).toBe('2020-W53');
    expect(isoWeekString(isoWeekOf(BigInt(Date.UTC(2024, 11, 30))))).toBe('2025-W01');
    expect(isoWeekString(isoWeekOf(BigInt(NOW)))).toBe('2024-W20');
  });
});

describe('card preview', () => {
  it('cuts the location to the channel precision and the time to its bucket', () => {
    const p = previewCard(policy, { category: 'zwerfafval', lat: 52.0907374, lon: 5.1214201, timeMs: NOW - 3_600_000, communityId: community }, taxonomy, NOW);
    expect(p).toEqual({ ok: true, card: { category: 'zwerfafval', geohash: 'u178kd', timeBucketStartMs: BigInt(Date.UTC(2024, 4, 15)), timeBucket: 'day', communityId: community } });
  });
  it('leaves out what the reporter left out', () => {
    const p = previewCard(policy, { category: 'straatverlichting', communityId: community }, taxonomy, NOW);
    expect(p).toEqual({ ok: true, card: { category: 'straatverlichting', timeBucket: 'day', communityId: community } });
  });
  it('refuses what the server would refuse, with the same status code', () => {
    const base = { category: 'zwerfafval', communityId: community };
    const cases: [CardPolicy, object, string, string][] = [
      [policy, { category: 'bestrating' }, 'category_not_accepted', 'permission_denied'],
      [policy, { category: 'geen-categorie' }, 'unknown_category', 'invalid_argument'],
      [{ ...policy, acceptedCategories: ['verdacht-persoon'] }, { category: 'verdacht-persoon' }, 'invalid_policy', 'failed_precondition'],
      [{ ...policy, locationPrecision: 9 }, {}, 'invalid_policy', 'failed_precondition'],
      [policy, { geohash: 'u178' }, 'location_coarser_than_policy', 'invalid_argument'],
      [policy, { lat: 52.1 }, 'invalid_location', 'invalid_argument'],
      [policy, { lat: 95, lon: 5 }, 'invalid_location', 'invalid_argument'],
      [policy, { timeMs: NOW + 301_000 }, 'time_in_future', 'invalid_argument'],
      [policy, { timeMs: NOW - 31 * 86_400_000 }, 'time_too_old', 'invalid_argument'],
      [policy, { communityId: new Uint8Array(8) }, 'bad_community_id', 'invalid_argument'],
    ];
    for (const [pol, over, reason, code] of cases) {
      expect(previewCard(pol, { ...base, ...over }, taxonomy, NOW)).toEqual({ ok: false, reason, code });
    }
  });
  it('sends a person category only to the police', () => {
    const police: CardPolicy = { ...policy, type: 'police', acceptedCategories: ['verdacht-persoon'], timeBucket: 'hour' };
    const p = previewCard(police, { category: 'verdacht-persoon', communityId: community, timeMs: NOW }, taxonomy, NOW);
    expect(p.ok && p.card.timeBucketStartMs).toBe(BigInt(Date.UTC(2024, 4, 15, 14)));
    expect(describesPerson(taxonomy, 'verdacht-persoon')).toBe(true);
    expect(describesPerson(taxonomy, 'zwerfafval')).toBe(false);
  });
  it('takes the wire ChannelPolicy as well', () => {
    const wire = create(ChannelPolicySchema, { type: ChannelType.CHANNEL_HOUSING, acceptedCategories: ['overlast'], locationPrecision: 5, timeBucket: TimeBucket.BUCKET_WEEK });
    const p = previewCard(wire, { category: 'overlast', geohash: 'u178kdcxyz', timeMs: NOW, communityId: community }, taxonomy, NOW);
    expect(p).toEqual({ ok: true, card: { category: 'overlast', geohash: 'u178k', timeBucketStartMs: BigInt(Date.UTC(2024, 4, 13)), timeBucket: 'week', communityId: community } });
  });
});

describe('taxonomy', () => {
  it('parses the default file with Dutch and English labels', () => {
    expect(taxonomy.categories.length).toBe(15);
    expect(categoryLabel(taxonomy, 'zwerfafval', 'nl')).toBe('Zwerfafval');
    expect(categoryLabel(taxonomy, 'zwerfafval', 'en')).toBe('Litter');
  });
  it('refuses what Taxonomy::FromJson refuses', () => {
    const cat = { id: 'a', label_nl: 'A', label_en: 'A', describes_person: false, keywords: ['a*'] };
    const doc = (cats: object[], extra = {}) => JSON.stringify({ format: 'weerbaar-taxonomy/v1', categories: cats, ...extra });
    expect(parseTaxonomy(doc([cat])).categories[0].id).toBe('a');
    const bad = [
      'not json',
      doc([]),
      doc([cat], { version: 2 }),
      JSON.stringify({ format: 'weerbaar-taxonomy/v2', categories: [cat] }),
      doc([cat, cat]),
      doc([{ ...cat, id: 'A' }]),
      doc([{ ...cat, label_en: '' }]),
      doc([{ ...cat, label_nl: 'x'.repeat(81) }]),
      doc([{ ...cat, keywords: ['*'] }]),
      doc([{ ...cat, keywords: ['twee  spaties'] }]),
      doc([{ ...cat, keywords: ['Hoofdletter'] }]),
      doc([{ ...cat, keywords: ['a'.repeat(41)] }]),
      doc([{ ...cat, describes_person: 'no' }]),
      doc([{ ...cat, colour: 'red' }]),
    ];
    for (const json of bad) expect(() => parseTaxonomy(json), json).toThrow(TaxonomyError);
  });
});
