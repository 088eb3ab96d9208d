// #/group/<id>: the history, new messages as they arrive (announced in the live region),
// messages still waiting in the outbox, and the compose form. Opening the chat (and every
// message that arrives while it is open and visible) moves the read marker.
import { MAX_TEXT_BYTES, textBytes } from '../../client/group_crypto';
import type { Content, HistoryEntry } from '../../client/state';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, formatTime, h } from '../dom';
import { lang, t } from '../i18n';
import { photoUrl } from '../photo';
import { heading, submitting } from './common';
import { statusText } from './share_item';

function messageItem(ctx: AppContext, e: HistoryEntry, me: string): HTMLLIElement {
  const mine = e.senderUser === me;
  const who = mine ? t('chat_you') : e.senderName;
  const body = e.decrypted ? contentBody(ctx, e) : h('p', { class: 'text undecryptable' }, t('chat_undecryptable', { reason: e.failure ?? '' }));
  const when = h('time', { datetime: new Date(e.serverTimeMs).toISOString() }, formatTime(e.serverTimeMs, lang()));
  return h('li', { class: mine ? 'msg mine' : 'msg', 'data-seq': String(e.seq) }, h('p', { class: 'meta' }, h('span', { class: 'who' }, who), ' ', when), body);
}

// A text, a report (category, text, location, photo; a link to share it on the device that
// filed it) or a partner's status or update relayed by the reporter.
function contentBody(ctx: AppContext, e: Content): HTMLElement {
  const signals = ctx.client!.signals;
  const u = e.shareUpdate;
  if (u?.updateText) {
    // A partner organisation's words: a text node (never HTML), capped when decoded. The space
    // keeps label and text apart in the screen reader's announcement (textContent).
    return h('div', { class: 'report update' }, h('p', { class: 'report-label' }, t('chat_partner_update_label')), ' ', h('p', { class: 'text update' }, t('chat_partner_update', { channel: u.channelName, text: u.updateText })));
  }
  if (u) return h('p', { class: 'text update' }, t('chat_update', { channel: u.channelName, status: statusText(u.status) }));
  const r = e.report;
  if (!r) return h('p', { class: 'text' }, e.text);
  const label = signals.label(r.category, lang());
  return h(
    'div',
    { class: 'report' },
    h('p', { class: 'report-label' }, t('chat_report_label', { category: label })),
    r.text ? h('p', { class: 'text' }, r.text) : null,
    r.lat !== undefined ? h('p', { class: 'hint' }, t('chat_report_location', { lat: r.lat.toFixed(5), lon: r.lon!.toFixed(5) })) : null,
    r.photo ? h('img', { src: photoUrl(r.photo), alt: t('chat_report_photo'), class: 'photo' }) : null,
    signals.report(r.reportId) ? h('a', { href: `#/report/${r.reportId}` }, t('chat_report_open')) : null,
  );
}

export function chatView(ctx: AppContext, groupId: string): View {
  const client = ctx.client!;
  const g = () => client.group(groupId);
  const title = heading(g()?.name ?? '');
  const list = h('ol', { class: 'messages', 'aria-label': t('chat_history'), tabindex: '0' });
  const pending = h('ol', { class: 'messages pending' });
  let shown = 0n; // highest seq on screen
  const items = new Map<bigint, { el: HTMLLIElement; decrypted: boolean }>();

  const render = (announce: boolean) => {
    const group = g();
    if (!group) return;
    title.textContent = group.name;
    if (group.history.length === 0) {
      clear(list);
      append(list, h('li', { class: 'empty' }, t('chat_empty')));
    } else {
      list.querySelector('.empty')?.remove();
      for (const e of group.history) {
        const old = items.get(e.seq);
        if (old && old.decrypted !== e.decrypted) {
          // Its key arrived after the message: replace the "cannot be read" line.
          const el = messageItem(ctx, e, client.userId);
          old.el.replaceWith(el);
          items.set(e.seq, { el, decrypted: e.decrypted });
        }
        if (e.seq <= shown) continue;
        const el = messageItem(ctx, e, client.userId);
        items.set(e.seq, { el, decrypted: e.decrypted });
        append(list, el);
        if (announce && e.senderUser !== client.userId) {
          ctx.announce(t('chat_new_message', { name: e.senderName, text: e.decrypted ? contentBody(ctx, e).textContent ?? '' : '…' }));
        }
        shown = e.seq;
      }
    }
    clear(pending);
    for (const o of group.outbox) append(pending, h('li', { class: 'msg mine sending' }, h('p', { class: 'meta' }, t('chat_sending')), contentBody(ctx, o)));
    list.lastElementChild?.scrollIntoView({ block: 'end' });
    if (document.visibilityState === 'visible' && group.read < group.fetched) client.markRead(groupId).catch(() => undefined);
  };

  const input = h('textarea', { id: 'msg', name: 'msg', rows: 2, required: true });
  const form = h('form', { class: 'compose' }, h('label', { for: 'msg' }, t('chat_input')), input, h('button', { type: 'submit' }, t('chat_send')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const text = input.value.trim();
      if (!text) return;
      if (textBytes(text) > MAX_TEXT_BYTES) throw new UserError(t('err_too_long'));
      const sending = client.send(groupId, text);
      input.value = '';
      render(false); // shows it as "sending…" from the outbox
      await sending.catch((e) => {
        render(false);
        throw e;
      });
      render(false);
    }),
  );
  form.addEventListener('submit', () => queueMicrotask(() => input.focus()));
  // Enter sends, Shift+Enter starts a new line.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  const onVisible = () => render(false);
  document.addEventListener('visibilitychange', onVisible);
  const nav = h('p', { class: 'chat-nav' }, h('a', { href: '#/' }, t('chat_back')), ' · ', h('a', { href: `#/group/${groupId}/members` }, t('chat_members')), ' · ', h('a', { href: `#/group/${groupId}/report`, class: 'report-link' }, t('chat_report')));
  render(false);
  return {
    el: h('section', { class: 'chat' }, title, nav, list, pending, form),
    update: () => render(false),
    onMessages: (id) => id === groupId && render(true),
    dispose: () => document.removeEventListener('visibilitychange', onVisible),
  };
}
