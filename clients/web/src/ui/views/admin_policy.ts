// The channel policy editor (signals::ChannelPolicy): type, accepted categories from the
// server's taxonomy (those describing a person offered only for a police channel, the
// house rule the server enforces too), location precision 1-8 with its size in plain
// words, time bucket, questions, and the names to scrub from report texts.
import { categoriesFor, ChannelType, parseNames, TimeBucket, type Category, type PolicyDraft } from '../../client/admin';
import { append, clear, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { precisionHint } from '../retention_format';

export interface PolicyEditor {
  el: HTMLElement;
  value(): PolicyDraft;
  reset(): void;
}

const TYPES = [ChannelType.CHANNEL_MUNICIPALITY, ChannelType.CHANNEL_POLICE, ChannelType.CHANNEL_HOUSING, ChannelType.CHANNEL_OTHER];
const BUCKETS = [TimeBucket.BUCKET_HOUR, TimeBucket.BUCKET_DAY, TimeBucket.BUCKET_WEEK];
const DEFAULT_PRECISION = 6;

function select(id: string, options: Array<[number, string]>, selected: number): HTMLSelectElement {
  const s = h('select', { id });
  for (const [value, label] of options) append(s, h('option', { value, selected: value === selected }, label));
  return s;
}

function field(id: string, label: string, control: HTMLElement, hint?: HTMLElement): HTMLElement {
  return h('div', { class: 'stack' }, h('label', { for: id }, label), control, hint);
}

// Checkboxes of the categories a channel of the chosen type may accept; a new type keeps
// the ticks that still apply.
function categoryPicker(taxonomy: Category[]) {
  const el = h('div', { class: 'checks' });
  const ticked = () => [...el.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
  const render = (type: ChannelType) => {
    const keep = new Set(ticked());
    clear(el);
    categoriesFor(type, taxonomy).forEach((c, i) => {
      const id = `policy-cat-${i}`;
      const label = (lang() === 'nl' ? c.labelNl : c.labelEn) + (c.describesPerson ? ` ${t('policy_person')}` : '');
      append(el, h('div', { class: 'check' }, h('input', { id, type: 'checkbox', value: c.id, checked: keep.has(c.id) }), h('label', { for: id }, label)));
    });
  };
  return { el, render, ticked, reset: () => el.querySelectorAll<HTMLInputElement>('input').forEach((b) => (b.checked = false)) };
}

export function policyEditor(taxonomy: Category[]): PolicyEditor {
  const type = select('policy-type', TYPES.map((v) => [v, t(`channel_type_${v}` as MessageKey)]), ChannelType.CHANNEL_MUNICIPALITY);
  const categories = categoryPicker(taxonomy);
  const precisionHintEl = h('p', { id: 'policy-precision-hint', class: 'hint', 'aria-live': 'polite' });
  const precision = select('policy-precision', [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, String(n)]), DEFAULT_PRECISION);
  precision.setAttribute('aria-describedby', 'policy-precision-hint');
  const bucket = select('policy-bucket', BUCKETS.map((v) => [v, t(`bucket_${v}` as MessageKey)]), TimeBucket.BUCKET_DAY);
  const questions = h('input', { id: 'policy-questions', type: 'checkbox', checked: true });
  const names = h('textarea', { id: 'policy-names', rows: 3, 'aria-describedby': 'policy-names-hint' });
  const renderHint = () => (precisionHintEl.textContent = precisionHint(Number(precision.value)));
  type.addEventListener('change', () => categories.render(Number(type.value) as ChannelType));
  precision.addEventListener('change', renderHint);
  categories.render(Number(type.value) as ChannelType);
  renderHint();

  const el = h(
    'div',
    { class: 'policy stack' },
    field('policy-type', t('policy_type'), type),
    h('fieldset', {}, h('legend', {}, t('policy_categories')), categories.el),
    field('policy-precision', t('policy_precision'), precision, precisionHintEl),
    field('policy-bucket', t('policy_bucket'), bucket),
    h('div', { class: 'check' }, questions, h('label', { for: 'policy-questions' }, t('policy_questions'))),
    field('policy-names', t('policy_names'), names, h('p', { id: 'policy-names-hint', class: 'hint' }, t('policy_names_hint'))),
  );
  const value = (): PolicyDraft => ({
    type: Number(type.value) as ChannelType,
    acceptedCategories: categories.ticked(),
    locationPrecision: Number(precision.value),
    timeBucket: Number(bucket.value) as TimeBucket,
    mayAskQuestions: questions.checked,
    namesToScrub: parseNames(names.value),
  });
  return { el, value, reset: () => ((names.value = ''), categories.reset()) };
}
