// Plain words for retention periods, data classes, location precision and the audit check,
// and the period arithmetic of the admin's editors. Pure functions over the catalogue (unit-tested).
import { DataClass, RetentionSource, type AuditVerification, type ClassRetention } from '../gen/weerbaar_pb';
import { t, type MessageKey } from './i18n';

export type PeriodUnit = 'hour' | 'day' | 'week' | 'year';

const HOUR = 3_600_000;
export const UNIT_MS: Record<PeriodUnit, number> = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR, year: 365 * 24 * HOUR };
// Largest first: a period is shown in the largest unit that divides it exactly.
const UNITS: PeriodUnit[] = ['year', 'week', 'day', 'hour'];

// ms -> the largest whole unit ("730 days" -> 2 years); periods below an hour in hours, rounded up.
export function splitPeriod(ms: number): { n: number; unit: PeriodUnit } {
  for (const unit of UNITS) if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return { n: ms / UNIT_MS[unit], unit };
  return { n: Math.max(1, Math.ceil(ms / HOUR)), unit: 'hour' };
}

export function periodMs(n: number, unit: PeriodUnit): number {
  return n * UNIT_MS[unit];
}

// "90 days", "1 week", "2 jaar".
export function formatPeriod(ms: number): string {
  const { n, unit } = splitPeriod(ms);
  return t(`unit_${unit}_${n === 1 ? 'one' : 'many'}` as MessageKey, { n });
}

export function className(c: DataClass): string {
  return t(`dc_${c}` as MessageKey);
}

// The period in force as a sentence: "deleted after 90 days" / "kept while your account exists".
const WHILE: Partial<Record<DataClass, MessageKey>> = {
  [DataClass.ACCOUNT]: 'while_account',
  [DataClass.MEMBERSHIP]: 'while_membership',
  [DataClass.DELIVERY]: 'while_delivery',
};

export function periodText(r: ClassRetention): string {
  if (r.whileExists) return t(WHILE[r.dataClass] ?? 'ret_while_exists');
  return t('ret_after', { period: formatPeriod(Number(r.periodMs)) });
}

// Who chose it: the community, the admin, or the server's built-in default.
export function sourceText(r: ClassRetention): string {
  if (r.whileExists) return t('ret_fixed');
  const key: MessageKey = r.source === RetentionSource.RETENTION_COMMUNITY ? 'ret_src_community' : r.source === RetentionSource.RETENTION_ADMIN ? 'ret_src_admin' : 'ret_src_builtin';
  return r.clamped ? `${t(key)}, ${t('ret_clamped')}` : t(key);
}

// "between 1 day and 2 years"
export function boundsText(r: ClassRetention): string {
  return t('ret_bounds', { min: formatPeriod(Number(r.minMs)), max: formatPeriod(Number(r.maxMs)) });
}

// A geohash cell of `precision` characters in plain words (the size at the equator; in the
// Netherlands cells are narrower east-west).
export function precisionHint(precision: number): string {
  const p = Math.min(8, Math.max(1, Math.round(precision)));
  return t(`precision_${p}` as MessageKey);
}

// "Intact: 12 entries checked" or "Broken at entry 7: <problem>".
export function auditSummary(v: AuditVerification): string {
  if (!v.intact) return t('audit_broken', { index: String(v.firstBadIndex), problem: v.problem });
  return v.entries === 1n ? t('audit_intact_one') : t('audit_intact', { entries: String(v.entries) });
}
