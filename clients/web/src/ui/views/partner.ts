// #/partner: a partner's channel: the shared reports as cards with their details opened on
// this device, the status workflow, questions to the reporter (through the reply key) and
// the answers, updates for the report's group, and k-anonymous trends. Retracted shares disappear as the push arrives.
import { ShareStatus } from '../../gen/weerbaar_pb';
import type { ChannelKeys, PartnerCard } from '../../client/signals_state';
import { MAX_UPDATE_TEXT } from '../../client/state';
import type { AppContext, View } from '../context';
import { append, clear, formatTime, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { photoUrl } from '../photo';
import { heading, keepingTyped, submitting } from './common';
import { statusText, textForm, threadList } from './share_item';

const WEEK_MS = 7 * 86_400_000;
const TREND_WEEKS = 12;
// The moves the server allows from each status (signals/share_status.h).
const NEXT: Record<number, number[]> = {
  [ShareStatus.STATUS_RECEIVED]: [ShareStatus.STATUS_IN_PROGRESS, ShareStatus.STATUS_RESOLVED, ShareStatus.STATUS_REJECTED],
  [ShareStatus.STATUS_IN_PROGRESS]: [ShareStatus.STATUS_RESOLVED, ShareStatus.STATUS_REJECTED],
  [ShareStatus.STATUS_RESOLVED]: [ShareStatus.STATUS_IN_PROGRESS],
  [ShareStatus.STATUS_REJECTED]: [],
};

function statusForm(ctx: AppContext, card: PartnerCard): HTMLElement | null {
  const next = NEXT[card.status] ?? [];
  if (next.length === 0) return null;
  const id = `status-${card.shareId}`;
  const select = h('select', { id });
  for (const s of next) append(select, h('option', { value: String(s) }, statusText(s)));
  const form = h('form', { class: 'row' }, h('label', { for: id }, t('partner_status')), select, h('button', { type: 'submit' }, t('partner_set')));
  form.addEventListener('submit', submitting(ctx, form, () => ctx.client!.signals.setStatus(card.shareId, Number(select.value))));
  return form;
}

function cardItem(ctx: AppContext, card: PartnerCard): HTMLElement {
  const label = ctx.client!.signals.label(card.category, lang());
  const el = h(
    'article',
    { class: 'card', 'data-share': card.shareId },
    h('h3', { tabindex: '-1' }, t('partner_card', { category: label, area: card.geohash ?? '—' })),
    h('p', { class: 'share-status' }, statusText(card.status)),
    card.bucketStartMs !== null ? h('p', { class: 'hint' }, t('partner_time', { time: formatTime(card.bucketStartMs, lang()) })) : null,
    h('p', { class: 'hint' }, t('partner_purpose', { purpose: t(`purpose_${card.purpose}` as MessageKey) })),
    h('p', { class: 'hint' }, t('partner_pseudonym', { id: card.pseudonym.slice(0, 8) })),
    card.details !== null ? h('blockquote', { class: 'text details' }, card.details) : h('p', { class: 'hint' }, t('partner_no_details')),
    card.photo ? h('img', { src: photoUrl(card.photo), alt: t('partner_photo'), class: 'photo' }) : null,
    statusForm(ctx, card),
    threadList(card.thread, true),
  );
  if (card.mayAsk) append(el, textForm(ctx, `ask-${card.shareId}`, t('partner_ask'), t('partner_ask_send'), (text) => ctx.client!.signals.ask(card.shareId, text)));
  if (card.mayUpdate) append(el, textForm(ctx, `update-${card.shareId}`, t('partner_update'), t('partner_update_send'), (text) => ctx.client!.signals.postUpdate(card.shareId, text), MAX_UPDATE_TEXT));
  return el;
}

// A channel's k-anonymous trends, loaded on request (partners here; leaders on #/manage).
export function trendsSection(ctx: AppContext, keys: Pick<ChannelKeys, 'channelId' | 'name'>, level: 'h2' | 'h4' = 'h2'): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, t('partner_trends_load'));
  button.addEventListener('click', async () => {
    try {
      const now = Date.now();
      const cells = await ctx.client!.signals.trends(keys.channelId, now - TREND_WEEKS * WEEK_MS, now + WEEK_MS);
      clear(out);
      const ul = h('ul', { class: 'trends' });
      const label = (id: string) => ctx.client!.signals.label(id, lang());
      for (const c of cells.cells) append(ul, h('li', {}, t('partner_trend_row', { week: c.week, category: label(c.category), area: c.area, n: c.reports })));
      append(out, cells.cells.length ? ul : h('p', {}, t('partner_trend_none')), h('p', { class: 'hint' }, t('partner_suppressed', { n: cells.suppressedReports })));
    } catch (e) {
      ctx.showError(e);
    }
  });
  return h('section', {}, h(level, {}, t('partner_trends', { weeks: TREND_WEEKS }) + (level === 'h2' ? '' : `: ${keys.name}`)), button, out);
}

export function partnerView(ctx: AppContext): View {
  const client = ctx.client!;
  const body = h('div', {});
  const cardLists = new Map<string, HTMLElement>();
  // Re-rendering keeps the keyboard user's place: the same field, or the same card's heading.
  const renderCards = () => {
    const active = document.activeElement as HTMLElement | null;
    const activeId = active?.id ?? '';
    const activeCard = active?.closest<HTMLElement>('[data-share]')?.dataset.share;
    keepingTyped(body, renderCardLists);
    const again = (activeId && document.getElementById(activeId)) || (activeCard && body.querySelector<HTMLElement>(`[data-share="${activeCard}"] h3`));
    if (again && active && !body.contains(active)) again.focus();
  };
  const renderCardLists = () => {
    for (const keys of client.signals.partnerChannels()) {
      const list = cardLists.get(keys.channelId);
      if (!list) continue;
      clear(list);
      if (keys.cards.length === 0) append(list, h('p', { class: 'hint' }, t('partner_empty')));
      for (const card of [...keys.cards].reverse()) append(list, cardItem(ctx, card));
    }
  };
  const render = () => {
    clear(body);
    cardLists.clear();
    const channels = client.signals.partnerChannels();
    if (channels.length === 0) append(body, h('p', {}, t('partner_none')));
    for (const keys of channels) {
      const list = h('div', { class: 'cards' });
      cardLists.set(keys.channelId, list);
      append(body, h('section', {}, h('h2', {}, t('partner_title', { name: keys.name })), h('h3', {}, t('partner_cards')), list, trendsSection(ctx, keys)));
    }
    renderCards();
  };
  render();
  return { el: h('section', {}, heading(t('nav_partner')), body), onSignals: () => (cardLists.size === client.signals.partnerChannels().length ? renderCards() : render()), update: () => undefined };
}
