// Small pieces shared by the views: the focusable screen heading, the invite-link box,
// a busy guard for forms (one submission at a time, errors to the error line), and a
// re-render that keeps typed text.
import type { InviteCreated } from '../../gen/weerbaar_pb';
import { UserError, type AppContext } from '../context';
import { append, clear, h } from '../dom';
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

// Runs `action` for a form submit: disables the form while busy, reports errors. Disabling
// drops the keyboard focus, so it goes back where it was unless the action moved it.
export function submitting(ctx: AppContext, form: HTMLFormElement, action: () => Promise<void>): (e: Event) => void {
  return async (e: Event) => {
    e.preventDefault();
    const fields = form.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button, input, textarea, select');
    const had = document.activeElement as HTMLElement | null;
    fields.forEach((f) => (f.disabled = true));
    ctx.clearError();
    try {
      await action();
    } catch (err) {
      ctx.showError(err);
    } finally {
      fields.forEach((f) => (f.disabled = false));
      if (had?.isConnected && (document.activeElement === null || document.activeElement === document.body)) had.focus();
    }
  };
}

// Asks the browser once for this device's location; no support or a refusal is one error line.
export function askLocation(ctx: AppContext, onPosition: (p: { lat: number; lon: number }) => void, precise = false): void {
  if (!navigator.geolocation) return ctx.showError(new UserError(t('report_no_geo')));
  navigator.geolocation.getCurrentPosition(
    (pos) => onPosition({ lat: pos.coords.latitude, lon: pos.coords.longitude }),
    () => ctx.showError(new UserError(t('report_no_geo'))),
    { enableHighAccuracy: precise, timeout: 15_000 },
  );
}

let fieldCounter = 0;

// A one-field form for a name (community, group, channel); `action` gets it trimmed.
export function nameForm(ctx: AppContext, label: string, button: string, action: (name: string) => Promise<void>): HTMLFormElement {
  const id = `name-${++fieldCounter}`;
  const input = h('input', { id, type: 'text', maxlength: 120, required: true });
  const form = h('form', { class: 'stack' }, h('label', { for: id }, label), input, h('button', { type: 'submit' }, button));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const name = input.value.trim();
      if (!name) throw new UserError(t('err_name'));
      await action(name);
      input.value = '';
    }),
  );
  return form;
}

// A button that creates an invite with `make` and shows its link box below itself.
export function inviteButton(ctx: AppContext, label: string, id: string, make: () => Promise<InviteCreated>): HTMLElement {
  const box = h('div', {});
  const button = h('button', { type: 'button', id }, label);
  button.addEventListener('click', async () => {
    try {
      const invite = await make();
      clear(box);
      append(box, inviteBox(ctx, invite, `${id}-link`));
    } catch (e) {
      ctx.showError(e);
    }
  });
  return h('div', {}, button, box);
}

// Runs `rebuild` (which replaces the content of `container`) keeping what the user has typed
// in its text areas, found again by id: a push or a refresh re-renders a view while
// someone is typing an answer, a question or an update.
export function keepingTyped(container: HTMLElement, rebuild: () => void): void {
  const typed = [...container.querySelectorAll('textarea')].filter((el) => el.id && el.value).map((el) => [el.id, el.value] as const);
  rebuild();
  for (const [id, value] of typed) {
    const el = document.getElementById(id);
    if (el instanceof HTMLTextAreaElement && container.contains(el)) el.value = value;
  }
}
