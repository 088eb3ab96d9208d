// The pure pieces of the privacy and admin screens: periods in plain words in both
// languages, the period editor's arithmetic, precision hints, the house rule in the
// category picker, the taxonomy the server ships, names to scrub, the merged export and
// the audit summary.
import { create } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { categoriesFor, ChannelType, parseNames, parseTaxonomy } from '../../src/client/admin';
import { mergeExport } from '../../src/client/privacy';
import type { HistoryEntry } from '../../src/client/state';
import { AuditVerificationSchema, ClassRetentionSchema, DataClass, RetentionSource } from '../../src/gen/weerbaar_pb';
import { setLang } from '../../src/ui/i18n';
import { auditSummary, formatPeriod, periodMs, periodText, precisionHint, sourceText, splitPeriod } from '../../src/ui/retention_format';

const here = dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;
afterEach(() => setLang('en', false));

describe('periods in plain words', () => {
  it('shows a period in the largest unit that divides it exactly, in English and Dutch', () => {
    setLang('en', false);
    expect([90 * DAY, DAY, 730 * DAY, 42 * DAY, 12 * 3_600_000, 3_600_000].map(formatPeriod)).toEqual(['90 days', '1 day', '2 years', '6 weeks', '12 hours', '1 hour']);
    setLang('nl', false);
    expect([90 * DAY, DAY, 730 * DAY, 7 * DAY, 3_600_000, 5 * 3_600_000].map(formatPeriod)).toEqual(['90 dagen', '1 dag', '2 jaar', '1 week', '1 uur', '5 uur']);
  });
  it('splits a period for the editor and joins it back to the same milliseconds', () => {
    for (const ms of [3_600_000, DAY, 90 * DAY, 14 * DAY, 365 * DAY, 3650 * DAY, 36 * 3_600_000]) {
      const { n, unit } = splitPeriod(ms);
      expect(periodMs(n, unit)).toBe(ms);
    }
    expect(splitPeriod(1500)).toEqual({ n: 1, unit: 'hour' }); // below an hour: rounded up
  });
  it('says where a period comes from, and what is kept while it exists', () => {
    setLang('en', false);
    const chat = create(ClassRetentionSchema, { dataClass: DataClass.CHAT_MESSAGE, periodMs: BigInt(30 * DAY), source: RetentionSource.RETENTION_COMMUNITY, clamped: true });
    expect(periodText(chat)).toBe('deleted after 30 days');
    expect(sourceText(chat)).toBe('chosen by this community, limited to the current bounds');
    const account = create(ClassRetentionSchema, { dataClass: DataClass.ACCOUNT, whileExists: true });
    expect(periodText(account)).toBe('kept as long as the account exists');
    expect(sourceText(account)).toBe('fixed');
    setLang('nl', false);
    expect(periodText(chat)).toBe('verwijderd na 30 dagen');
  });
  it('describes each location precision in plain words, clamping out-of-range values', () => {
    setLang('en', false);
    expect(precisionHint(6)).toContain('a neighbourhood');
    expect(precisionHint(8)).toContain('a few houses');
    expect(precisionHint(0)).toBe(precisionHint(1));
    expect(precisionHint(12)).toBe(precisionHint(8));
  });
});

describe('the channel policy editor', () => {
  const taxonomy = parseTaxonomy(readFileSync(join(here, '..', '..', '..', '..', 'signals', 'taxonomy_default.json'), 'utf8'));

  it("reads the server's taxonomy, with the category that describes a person", () => {
    expect(taxonomy.length).toBeGreaterThan(10);
    expect(taxonomy.find((c) => c.id === 'verdacht-persoon')?.describesPerson).toBe(true);
    expect(taxonomy.find((c) => c.id === 'zwerfafval')).toMatchObject({ labelNl: 'Zwerfafval', labelEn: 'Litter', describesPerson: false });
    expect(() => parseTaxonomy('{"format":"other","categories":[]}')).toThrow();
  });
  it('offers categories that describe a person to a police channel only', () => {
    const person = (type: ChannelType) => categoriesFor(type, taxonomy).some((c) => c.describesPerson);
    expect(person(ChannelType.CHANNEL_POLICE)).toBe(true);
    for (const type of [ChannelType.CHANNEL_MUNICIPALITY, ChannelType.CHANNEL_HOUSING, ChannelType.CHANNEL_OTHER]) expect(person(type)).toBe(false);
    expect(categoriesFor(ChannelType.CHANNEL_POLICE, taxonomy)).toHaveLength(taxonomy.length);
  });
  it('takes one name to scrub per line, trimmed, without blanks or repeats', () => {
    expect(parseNames(' Jan de Vries \n\nPiet\r\nJan de Vries\n  ')).toEqual(['Jan de Vries', 'Piet']);
  });
});

describe('the account export', () => {
  const group = 'ab'.repeat(16);
  const entry = (seq: bigint, text: string, decrypted: boolean): HistoryEntry => ({ seq, senderUser: 'u', senderDevice: 'd', senderName: 'Sanne', serverTimeMs: 1, sentAtMs: 1, text, decrypted });
  const history = (id: string) => (id === group ? [entry(1n, 'Hallo buren', true), entry(2n, '', false)] : []);

  it('adds the texts this device can read to the messages the server holds', () => {
    const server = JSON.stringify({ format: 'weerbaar-export-1', account: { display_name: 'Sanne' }, messages: [{ group_id: group, seq: 1 }, { group_id: group, seq: 2 }, { group_id: 'cd'.repeat(16), seq: 1 }, { group_id: group, seq: 'x' }] });
    const merged = JSON.parse(mergeExport(server, history, 'ee'.repeat(16)));
    expect(merged.account.display_name).toBe('Sanne');
    expect(merged.messages.map((m: { decrypted: boolean; text?: string }) => [m.decrypted, m.text])).toEqual([[true, 'Hallo buren'], [false, undefined], [false, undefined], [false, undefined]]);
    expect(merged.device).toMatchObject({ device_id: 'ee'.repeat(16), decrypted_messages: 1 });
  });
  it('refuses an export that is not a JSON object', () => {
    expect(() => mergeExport('[1,2]', history, 'x')).toThrow();
    expect(() => mergeExport('not json', history, 'x')).toThrow();
  });
});

describe('the audit summary', () => {
  it('says intact with the number of entries, or where the chain broke', () => {
    setLang('en', false);
    expect(auditSummary(create(AuditVerificationSchema, { intact: true, entries: 12n }))).toBe('Intact: 12 entries checked.');
    expect(auditSummary(create(AuditVerificationSchema, { intact: true, entries: 1n }))).toBe('Intact: 1 entry checked.');
    expect(auditSummary(create(AuditVerificationSchema, { intact: false, firstBadIndex: 7n, problem: 'entry 7 was edited' }))).toBe('Broken at entry 7: entry 7 was edited');
  });
});
