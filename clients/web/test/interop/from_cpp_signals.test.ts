// The C++ signals vectors (clients/vectors/signals_vectors.cc) reproduced by the TypeScript
// ports: calendar buckets and ISO weeks, the privacy filter's card for every row, and the
// text fold, tokens and category suggestions of the classifier over the default taxonomy.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bucketStart, isoWeekOf, isoWeekString } from '../../src/signals/calendar';
import { classifierTokens, scoreCategories, suggestCategories } from '../../src/signals/classifier';
import { foldText } from '../../src/signals/fold';
import { previewCard, type CardPreview, type CardRefusalReason } from '../../src/signals/card';
import { parseTaxonomy, type Taxonomy } from '../../src/signals/taxonomy';
import { hex, readDefaultTaxonomyJson, readVectors, type Json } from './fixtures';

let v: Json;
let taxonomy: Taxonomy;

beforeAll(() => {
  const fresh = process.env.WEERBAAR_CPP_VECTORS;
  v = fresh ? JSON.parse(readFileSync(fresh, 'utf8')) : readVectors('from-cpp.json');
  taxonomy = parseTaxonomy(readDefaultTaxonomyJson());
});

// The C++ status message of each refusal, by the reason the TypeScript preview gives.
const MESSAGES: Record<CardRefusalReason, RegExp> = {
  invalid_policy: /^policy: /,
  unknown_category: /unknown category/,
  category_not_accepted: /not accepted/,
  describes_person: /describes a person goes only/,
  bad_community_id: /community id/,
  invalid_location: /invalid location/,
  location_coarser_than_policy: /coarser/,
  time_in_future: /future/,
  time_too_old: /too old/,
};

function expected(o: Json): Json {
  if (!o.ok) return { ok: false, code: o.code.toLowerCase() };
  return { ok: true, category: o.category, geohash: o.geohash, start: o.time_bucket_start_ms, bucket: o.time_bucket };
}

function actual(p: CardPreview): Json {
  if (!p.ok) return { ok: false, code: p.code };
  const c = p.card;
  const start = c.timeBucketStartMs === undefined ? undefined : Number(c.timeBucketStartMs);
  return { ok: true, category: c.category, geohash: c.geohash, start, bucket: c.timeBucket };
}

describe('TypeScript reproduces the C++ calendar', () => {
  it('gives the same hour, day and week starts and ISO week for every row', () => {
    for (const r of v.calendar) {
      const ms = BigInt(r.ms);
      expect([bucketStart(ms, 'hour'), bucketStart(ms, 'day'), bucketStart(ms, 'week')].map(Number)).toEqual([r.hour, r.day, r.week]);
      expect(isoWeekString(isoWeekOf(ms))).toBe(r.iso_week);
    }
  });
});

describe('TypeScript previews the card the C++ privacy filter makes', () => {
  it('has a table with accepted and refused cards', () => {
    expect(v.cards.filter((c: Json) => c.outcome.ok).length).toBeGreaterThan(3);
    expect(v.cards.filter((c: Json) => !c.outcome.ok).length).toBeGreaterThan(3);
  });
  it('gives the same card or the same refusal for every row', () => {
    for (const row of v.cards) {
      const p = row.policy;
      const policy = { type: p.type, acceptedCategories: p.accepted_categories, locationPrecision: p.location_precision, timeBucket: p.time_bucket };
      const i = row.input;
      const input = { category: i.category, lat: i.lat, lon: i.lon, geohash: i.geohash, timeMs: i.time_ms, communityId: hex(i.community_id) };
      const preview = previewCard(policy, input, taxonomy, BigInt(row.now_ms));
      expect({ name: row.name, ...actual(preview) }).toEqual({ name: row.name, ...expected(row.outcome) });
      if (!preview.ok) expect(row.outcome.message, row.name).toMatch(MESSAGES[preview.reason]);
    }
  });
});

describe('TypeScript classifies like the C++ classifier', () => {
  it('folds every text to the same string', () => {
    for (const r of v.classifier) expect(foldText(r.text), r.text).toBe(r.folded);
  });
  it('splits every text into the same tokens', () => {
    for (const r of v.classifier) expect(classifierTokens(r.text), r.text).toEqual(r.tokens);
  });
  it('suggests the same categories with the same scores, in the same order', () => {
    expect(v.classifier.filter((r: Json) => r.suggestions.length > 1).length).toBeGreaterThan(3);
    for (const r of v.classifier) {
      const mine = scoreCategories(taxonomy, r.text).map((s) => ({ id: s.categoryId, score: s.score }));
      expect(mine, r.text).toEqual(r.suggestions);
      expect(suggestCategories(taxonomy, r.text), r.text).toEqual(r.suggestions.map((s: Json) => s.id));
      expect(scoreCategories(taxonomy, r.text, 64).length, r.text).toBe(r.all);
    }
  });
});
