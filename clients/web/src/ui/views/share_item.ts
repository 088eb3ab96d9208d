// One of the reporter's shares, as shown on the report screen and in "My reports": the
// partner, the status, the consent's expiry, the thread with an answer form, and the
// withdraw button. Also the thread list the partner screen uses.
import type { ThreadItem, OwnShare } from '../../client/signals_state';
import type { AppContext } from '../context';
import { append, formatTime, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { submitting } from './common';

export const statusText = (status: number) => t(`status_${status}` as MessageKey);

export function threadList(thread: ThreadItem[], partnerSide: boolean): HTMLElement | null {
  if (thread.length === 0) return null;
  const ol = h('ol', { class: 'thread', 'aria-label': t('thread_title') });
  for (const e of thread) {
    const mine = e.fromPartner === partnerSide;
    const who = mine ? t('thread_you') : partnerSide ? t('thread_reporter') : t('thread_partner');
    const kind = e.update ? h('span', { class: 'kind' }, ` · ${t('thread_update')}`) : null;
    append(ol, h('li', { class: mine ? 'msg mine' : 'msg' }, h('p', { class: 'meta' }, h('span', { class: 'who' }, who), kind, ' ', formatTime(e.timeMs, lang())), h('p', { class: 'text' }, e.text ?? t('thread_unreadable'))));
  }
  return ol;
}

// A one-field form (answer, question, update) that clears itself after `send`.
export function textForm(ctx: AppContext, id: string, label: string, button: string, send: (text: string) => Promise<void>, maxLength?: number): HTMLFormElement {
  const input = h('textarea', { id, rows: 2, required: true, maxlength: maxLength });
  const form = h('form', { class: 'stack' }, h('label', { for: id }, label), input, h('button', { type: 'submit' }, button));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const text = input.value.trim();
      if (!text) return;
      // Cleared first: a re-render while sending keeps what is typed (keepingTyped).
      input.value = '';
      try {
        await send(text);
      } catch (e) {
        input.value = text;
        throw e;
      }
    }),
  );
  return form;
}

export function shareItem(ctx: AppContext, share: OwnShare): HTMLElement {
  const client = ctx.client!;
  const name = share.channelName;
  const li = h('li', { class: 'share' }, h('p', { class: 'share-status' }, t('share_status', { name, status: statusText(share.status) })));
  if (share.shareId === '') {
    append(li, h('p', { class: 'hint' }, t('share_pending')));
    return li;
  }
  if (share.withdrawnAtMs !== null) {
    append(li, h('p', { class: 'hint' }, t('share_withdrawn', { when: formatTime(share.withdrawnAtMs, lang()) })));
    return li;
  }
  if (share.gone) append(li, h('p', { class: 'hint' }, t('share_gone')));
  append(li, h('p', { class: 'hint' }, t('share_expires', { when: formatTime(share.expiresAtMs, lang()) })));
  append(li, threadList(share.thread, false));
  if (share.thread.some((e) => e.fromPartner && !e.update)) {
    append(li, textForm(ctx, `answer-${share.shareId}`, t('thread_answer'), t('thread_send_answer'), (text) => client.signals.answer(share.shareId, text)));
  }
  const withdraw = h('button', { type: 'button', class: 'danger' }, t('share_withdraw', { name }));
  withdraw.addEventListener('click', async () => {
    if (!confirm(t('share_withdraw_confirm', { name }))) return;
    try {
      await client.signals.withdraw(share.shareId);
      ctx.announce(t('share_withdrawn_done'));
    } catch (e) {
      ctx.showError(e);
    }
  });
  append(li, withdraw);
  return li;
}
