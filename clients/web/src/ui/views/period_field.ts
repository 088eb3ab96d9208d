// A period editor: a whole number and a unit (hours, days, weeks, years) in one fieldset,
// prefilled with the largest unit that shows `ms` exactly.
import { UserError } from '../context';
import { append, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { periodMs, splitPeriod, type PeriodUnit } from '../retention_format';

export interface PeriodField {
  el: HTMLElement;
  ms(): number; // UserError unless a whole number from 1
}

const UNITS: PeriodUnit[] = ['hour', 'day', 'week', 'year'];

export function periodField(id: string, label: string, ms: number): PeriodField {
  const start = splitPeriod(ms > 0 ? ms : 24 * 3_600_000);
  const n = h('input', { id: `${id}-n`, type: 'number', min: 1, step: 1, inputmode: 'numeric', value: start.n, required: true });
  const unit = h('select', { id: `${id}-unit`, 'aria-label': t('period_unit', { what: label }) });
  for (const u of UNITS) append(unit, h('option', { value: u, selected: u === start.unit }, t(`unit_${u}_name` as MessageKey)));
  const el = h('div', { class: 'period' }, h('label', { for: `${id}-n` }, label), h('div', { class: 'period-row' }, n, unit));
  return {
    el,
    ms: () => {
      const value = Number(n.value);
      if (!Number.isInteger(value) || value < 1) throw new UserError(t('err_period', { what: label }));
      return periodMs(value, unit.value as PeriodUnit);
    },
  };
}
