// The PII scrubber (signals/scrubber.ts): one table per pattern, ordinary Dutch text left
// alone, and the limits. Byte equality with the C++ scrubber is in test/interop.
import { describe, expect, it } from 'vitest';
import { MAX_SCRUB_INPUT_BYTES, ScrubError, scrub } from '../../src/signals/scrubber';

function expectTable(cases: [string, string][], names: string[] = []): void {
  for (const [input, expected] of cases) expect(scrub(input, names).text, input).toBe(expected);
}

describe('scrubber patterns', () => {
  it('replaces phone numbers and leaves times, dates and short numbers', () => {
    expectTable([
      ['bel 06-12345678 vanavond', 'bel [telefoon] vanavond'],
      ['+31 (0)6 1234 5678', '[telefoon]'],
      ['(020) 123 4567', '[telefoon]'],
      ['0031 6 12345678', '[telefoon]'],
      ['om 06:30 uur', 'om 06:30 uur'],
      ['op 06-12-2023', 'op 06-12-2023'],
      ['0800-1234', '0800-1234'],
      ['tel06-12345678', 'tel06-12345678'],
    ]);
  });
  it('replaces e-mail addresses and leaves look-alikes', () => {
    expectTable([
      ['mail naar jan.jansen@buurt.nl!', 'mail naar [e-mail]!'],
      ['jan@localhost', 'jan@localhost'],
      ['jan at example dot nl', 'jan at example dot nl'],
    ]);
  });
  it('replaces licence plates and leaves road names and postcode shapes', () => {
    expectTable([
      ['een witte bus, 12-ABC-3, reed weg', 'een witte bus, [kenteken], reed weg'],
      ['ab-12-cd', '[kenteken]'],
      ['XX999X', '[kenteken]'],
      ['9999XX', '9999XX'],
      ['over de A12 naar de N201', 'over de A12 naar de N201'],
      ['AB-12-CD-EF', 'AB-12-CD-EF'],
    ]);
  });
  it('replaces a postcode with a house number, either way round', () => {
    expectTable([
      ['woont op 3511 LX 12a', 'woont op [adres]'],
      ['Dorpsstraat 12, 1234 AB Utrecht', 'Dorpsstraat [adres] Utrecht'],
      ['postcode 1234 AB', 'postcode 1234 AB'],
      ['in 2023 op 12 mei', 'in 2023 op 12 mei'],
    ]);
  });
  it('replaces IBANs only with a valid checksum and length', () => {
    expectTable([
      ['rekening NL91 ABNA 0417 1643 00.', 'rekening [iban].'],
      ['NL92ABNA0417164300', 'NL92ABNA0417164300'],
      ['NL91ABNA041716430', 'NL91ABNA041716430'],
    ]);
  });
  it('replaces BSNs that pass the elfproef and leaves amounts', () => {
    expectTable([
      ['mijn bsn is 123456782', 'mijn bsn is [bsn]'],
      ['123.456.782', '[bsn]'],
      ['order 123456789', 'order 123456789'],
      ['€ 123.456.782', '€ 123.456.782'],
      ['euro 123456782', 'euro 123456782'],
    ]);
  });
  it('replaces policy names caselessly, without accents, as whole words, longest first', () => {
    expectTable(
      [
        ['Ik zag jan DE  vries en Jan', 'Ik zag [naam] en [naam]'],
        ['MÜLLER en Mu\u0308ller', '[naam] en [naam]'],
        ['Janssen', 'Janssen'],
      ],
      ['Jan', 'Jan de Vries', 'Müller'],
    );
  });
  it('counts every replacement by kind', () => {
    const r = scrub('Jan (06-12345678, jan@x.nl) parkeert AB-12-CD bij 1234 AB 12; 123456782', ['Jan']);
    expect(r.text).toBe('[naam] ([telefoon], [e-mail]) parkeert [kenteken] bij [adres]; [bsn]');
    expect(r.counts).toEqual({ phone: 1, email: 1, licence_plate: 1, address: 1, iban: 0, bsn: 1, name: 1 });
  });
});

describe('scrubber on ordinary text', () => {
  const corpus = [
    'Vanochtend om 07:45 lag er weer glas op het fietspad bij de school.',
    'De bijeenkomst is op dinsdag 14 mei 2024 van 19.30 tot 21.00 uur in het buurthuis.',
    'Parkeren kost € 2,50 per uur, een vergunning € 120,00 per jaar.',
    'Er staan al 3 weken 2 kapotte fietsen tegen lantaarnpaal 17.',
    'Bij huisnummer 23 en 25 is de stoep verzakt over 4,5 meter.',
    'Lijn 12 en lijn 8 rijden tot 1 juni een omleiding.',
    'Het geluid begon rond 23:15 en duurde tot 02.30 uur.',
    'In 2019 is de speeltuin vernieuwd, nu is het klimrek al stuk.',
    'Ongeveer 40 à 50 jongeren op het plein, zaterdag tussen 22 en 24 uur.',
    'De gemeente heeft melding 2024-0415 aangemaakt.',
    'Op de A2 bij afrit 8 staat een bord scheef.',
    'Ik heb 1 op de 4 prullenbakken vol zien zitten.',
    'Café De Zwaan heeft het terras tot 23:00 open, volgens de vergunning.',
    'Naïeve vraag misschien, maar wie maakt de goot schoon?',
    'Het waait windkracht 7, de boom op de hoek staat scheef.',
  ];
  it('leaves every sentence untouched and counts nothing', () => {
    for (const sentence of corpus) {
      const r = scrub(sentence, ['Pietersen', 'de Graaf']);
      expect(r.text).toBe(sentence);
      expect(Object.values(r.counts).every((n) => n === 0), sentence).toBe(true);
    }
  });
});

describe('scrubber limits', () => {
  it('refuses text over 16 KiB of UTF-8 instead of truncating it', () => {
    expect(scrub('a'.repeat(MAX_SCRUB_INPUT_BYTES), []).text.length).toBe(MAX_SCRUB_INPUT_BYTES);
    expect(() => scrub('a'.repeat(MAX_SCRUB_INPUT_BYTES + 1), [])).toThrow(ScrubError);
    // 5462 euro signs are 16386 bytes: the bound is in bytes, as in C++.
    expect(() => scrub('€'.repeat(5462), [])).toThrow(ScrubError);
  });
  it('refuses too many names or a name over 100 bytes, and ignores blank names', () => {
    expect(() => scrub('x', Array(257).fill('Jan'))).toThrow(ScrubError);
    expect(() => scrub('x', ['é'.repeat(51)])).toThrow(ScrubError);
    expect(scrub('  ', ['', '   ']).text).toBe('  ');
  });
  it('finishes hostile input at the size bound in one pass', () => {
    for (const unit of ['0', '06-', 'a@', 'NL91 ', '+31 ', '1234 AB ', 'Jan de ', '\u0308']) {
      const text = unit.repeat(Math.floor(MAX_SCRUB_INPUT_BYTES / new TextEncoder().encode(unit).length));
      expect(scrub(text, ['a a a a a a a a', 'Jan de Vries']).text.length).toBeGreaterThan(0);
    }
  });
  it('keeps a lone surrogate as U+FFFD, as the C++ code receives it', () => {
    expect(scrub('a\uD800 06-12345678', []).text).toBe('a\uFFFD [telefoon]');
  });
});
