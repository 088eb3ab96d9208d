// #/group/<id>: the history, new messages as they arrive (announced in the live region),
// messages still waiting in the outbox, and the compose form. Opening the chat (and every
// message that arrives while it is open and visible) moves the read marker.
import { MAX_TEXT_BYTES, textBytes } from '../../client/group_crypto';
import type { HistoryEntry } from '../../client/state';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, formatTime, h } from '../dom';
import { lang, t } from '../i18n';
import { heading, submitting } from './common';

function messageItem(e: HistoryEntry, me: string): HTMLLIElement {
  const mine = e.senderUser === me;
  const who = mine ? t('chat_you') : e.senderName;
  const body = e.decrypted ? h('p', { class: 'text' }, e.text) : h('p', { class: 'text undecryptable' }, t('chat_undecryptable', { reason: e.failure ?? '' }));
  const when = h('time', { datetime: new Date(e.serverTimeMs).toISOString() }, formatTime(e.serverTimeMs, lang()));
  return h('li', { class: mine ? 'msg mine' : 'msg', 'data-seq': String(e.seq) }, h('p', { class: 'meta' }, h('span', { class: 'who' }, who), ' ', when), body);
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
          const el = messageItem(e, client.userId);
          old.el.replaceWith(el);
          items.set(e.seq, { el, decrypted: e.decrypted });
        }
        if (e.seq <= shown) continue;
        const el = messageItem(e, client.userId);
        items.set(e.seq, { el, decrypted: e.decrypted });
        append(list, el);
        if (announce && e.senderUser !== client.userId) {
          ctx.announce(t('chat_new_message', { name: e.senderName, text: e.decrypted ? e.text : '…' }));
        }
        shown = e.seq;
      }
    }
    clear(pending);
    for (const o of group.outbox) append(pending, h('li', { class: 'msg mine sending' }, h('p', { class: 'meta' }, t('chat_sending')), h('p', { class: 'text' }, o.text)));
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
  const nav = h('p', { class: 'chat-nav' }, h('a', { href: '#/' }, t('chat_back')), ' · ', h('a', { href: `#/group/${groupId}/members` }, t('chat_members')));
  render(false);
  return {
    el: h('section', { class: 'chat' }, title, nav, list, pending, form),
    update: () => render(false),
    onMessages: (id) => id === groupId && render(true),
    dispose: () => document.removeEventListener('visibilitychange', onVisible),
  };
}
