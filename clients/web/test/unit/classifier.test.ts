// The text fold and the keyword classifier (signals/fold.ts, signals/classifier.ts); the
// C++ table is in test/interop/from_cpp_signals.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierTokens, suggestCategories } from '../../src/signals/classifier';
import { foldText, isSpaceCodePoint, isWordCodePoint } from '../../src/signals/fold';
import { createTaxonomy, parseTaxonomy, type Taxonomy } from '../../src/signals/taxonomy';
import { readDefaultTaxonomyJson } from '../interop/fixtures';

let taxonomy: Taxonomy;
beforeAll(() => {
  taxonomy = parseTaxonomy(readDefaultTaxonomyJson());
});

describe('text fold', () => {
  it('lowercases and strips accents, composed or decomposed, alike', () => {
    expect(foldText('Müller')).toBe('muller');
    expect(foldText('Mu\u0308ller')).toBe('muller');
    expect(foldText('MÜLLER')).toBe('muller');
  });
  it('maps the specials and the letters without a decomposition', () => {
    expect(foldText('Æ æ Þ ß Ĳ ĳ Œ œ')).toBe('ae ae th ss ij ij oe oe');
    expect(foldText('øđðħıĸŀłŉŋŧſ')).toBe('oddhikllnnts');
    expect(foldText('× ÷ \u2018x\u2019 d\u02BCe')).toBe("× ÷ 'x' d'e");
  });
  it('leaves other scripts and emoji alone and reads a lone surrogate as U+FFFD', () => {
    expect(foldText('Ελλάδα 🚲')).toBe('Ελλάδα 🚲');
    expect(foldText('a\uD800b')).toBe('a\uFFFDb');
  });
  it('classes word and space code points as the C++ code', () => {
    expect(['a', 'Z', '5', 'é', 'ж', '\u0301'].every((c) => isWordCodePoint(c.codePointAt(0) as number))).toBe(true);
    expect(['-', "'", '×', '\u2014', '€', '🚲', '\u00A0'].some((c) => isWordCodePoint(c.codePointAt(0) as number))).toBe(false);
    expect(['\t', '\u00A0', '\u2009', '\u3000'].every((c) => isSpaceCodePoint(c.codePointAt(0) as number))).toBe(true);
    expect(isSpaceCodePoint(0x200b)).toBe(false);
  });
});

describe('classifier', () => {
  it('splits on punctuation, apostrophes and hyphens', () => {
    expect(classifierTokens("Auto's op de stoep-rand, écht!")).toEqual(['auto', 's', 'op', 'de', 'stoep', 'rand', 'echt']);
  });
  it('matches whole words, prefixes, suffixes, infixes and multi-word keywords', () => {
    const t = createTaxonomy([
      { id: 'exact', labelNl: 'E', labelEn: 'E', describesPerson: false, keywords: ['fiets'] },
      { id: 'prefix', labelNl: 'P', labelEn: 'P', describesPerson: false, keywords: ['lantaarn*'] },
      { id: 'suffix', labelNl: 'S', labelEn: 'S', describesPerson: false, keywords: ['*diefstal'] },
      { id: 'infix', labelNl: 'I', labelEn: 'I', describesPerson: false, keywords: ['*dump*'] },
      { id: 'phrase', labelNl: 'F', labelEn: 'F', describesPerson: false, keywords: ['grof vuil'] },
    ]);
    expect(suggestCategories(t, 'fietsen', 9)).toEqual([]);
    expect(suggestCategories(t, 'Fiets!', 9)).toEqual(['exact']);
    expect(suggestCategories(t, 'lantaarnpaal', 9)).toEqual(['prefix']);
    expect(suggestCategories(t, 'fietsendiefstal', 9)).toEqual(['suffix']);
    expect(suggestCategories(t, 'gedumpt', 9)).toEqual(['infix']);
    expect(suggestCategories(t, 'grof vuil', 9)).toEqual(['phrase']);
    expect(suggestCategories(t, 'grof, vuil', 9)).toEqual(['phrase']);
    expect(suggestCategories(t, 'vuil grof', 9)).toEqual([]);
  });
  it('ranks by score, breaks ties in taxonomy order and keeps at most three', () => {
    const text = 'inbraak, fiets gestolen, graffiti, hondenpoep en zwerfafval';
    const all = suggestCategories(taxonomy, text, 64);
    expect(all.length).toBeGreaterThan(3);
    expect(suggestCategories(taxonomy, text)).toEqual(all.slice(0, 3));
    expect(suggestCategories(taxonomy, 'Mijn fiets is gestolen')[0]).toBe('fietsendiefstal');
    expect(suggestCategories(taxonomy, 'Het is een mooie dag')).toEqual([]);
  });
});
