// Small pieces shared by the views: the focusable screen heading, the invite-link box,
// and a busy guard for forms (one submission at a time, errors to the error line).
import type { InviteCreated } from '../../gen/weerbaar_pb';
import type { AppContext } from '../context';
import { h } from '../dom';
import { lang, t } from '../i18n';

export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1' }, text);
}

// A read-only field with the link and a copy button; focus moves to the field.
export function inviteBox(ctx: AppContext, invite: InviteCreated, id: string): HTMLElement {
  const when = new Date(Number(invite.expiresAtMs)).toLocaleString(lang(), { dateStyle: 'medium', timeStyle: 'short' });
  const input = h('input', { id, type: 'text', readonly: true, value: ctx.inviteLink(invite.token), class: 'invite-link' });
  const done = h('span', { role: 'status', class: 'hint' });
  const copy = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(input.value);
        } catch {
          input.select(); // no clipboard permission: leave it selected for Ctrl+C
        }
        done.textContent = t('invite_copied');
      },
    },
    t('invite_copy'),
  );
  const box = h('div', { class: 'invite' }, h('label', { for: id }, t('invite_link', { when })), input, copy, done);
  queueMicrotask(() => input.focus());
  return box;
}

// Runs `action` for a form submit: disables the form while busy, reports errors.
export function submitting(ctx: AppContext, form: HTMLFormElement, action: () => Promise<void>): (e: Event) => void {
  return async (e: Event) => {
    e.preventDefault();
    const fields = form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input, textarea');
    fields.forEach((f) => (f.disabled = true));
    ctx.clearError();
    try {
      await action();
    } catch (err) {
      ctx.showError(err);
    } finally {
      fields.forEach((f) => (f.disabled = false));
    }
  };
}
