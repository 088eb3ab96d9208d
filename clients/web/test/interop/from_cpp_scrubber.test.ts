// The C++ scrubber vectors (clients/vectors/scrubber_vectors.cc): every input of
// crypto/scrubber_test.cc, random texts from a fixed seed and hostile inputs, each run
// through crypto::Scrub. The TypeScript scrubber must give the same text and counts.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PII_KINDS, scrub } from '../../src/signals/scrubber';
import { readVectors, type Json } from './fixtures';

let groups: Json[];

beforeAll(() => {
  const fresh = process.env.WEERBAAR_CPP_VECTORS;
  groups = (fresh ? JSON.parse(readFileSync(fresh, 'utf8')) : readVectors('from-cpp.json')).scrubber;
});

describe('TypeScript scrubs exactly like the C++ scrubber', () => {
  it('has the test cases, the random texts and the hostile inputs', () => {
    const cases = groups.flatMap((g) => g.cases);
    expect(cases.length).toBeGreaterThan(500);
    expect(cases.filter((c: Json) => c.output !== c.input).length).toBeGreaterThan(200);
  });

  it('gives the same output text and counts for every case', () => {
    for (const g of groups) {
      for (const c of g.cases) {
        const r = scrub(c.input, g.names);
        expect(r.text, c.input).toBe(c.output);
        expect(PII_KINDS.map((k) => r.counts[k]), c.input).toEqual(c.counts);
      }
    }
  });
});
