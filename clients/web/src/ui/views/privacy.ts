// #/privacy, for everyone who joined: how long the server keeps each kind of data (on the
// server and in each of her communities), a download of her data (made in this browser as
// a Blob and saved as a file, sent nowhere), and erasing her account after she typed a
// confirmation word (then this browser forgets the device and the app is back at the start).
import { toHex } from '../../crypto/bytes';
import { eraseAccount, exportAccount, getRetention } from '../../client/privacy';
import { Role, type ClassRetention } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { t } from '../i18n';
import { className, periodText, sourceText } from '../retention_format';
import { heading, submitting } from './common';

// One line per class: "Chat messages: deleted after 90 days (server default)".
export function retentionList(classes: ClassRetention[]): HTMLElement {
  const dl = h('dl', { class: 'retention' });
  for (const r of classes) append(dl, h('dt', {}, className(r.dataClass)), h('dd', {}, `${periodText(r)} (${sourceText(r)})`));
  return dl;
}

function retentionSection(ctx: AppContext): HTMLElement {
  const client = ctx.client!;
  const box = h('div', { 'aria-busy': 'true' }, h('p', { class: 'hint' }, t('loading')));
  void (async () => {
    try {
      const general = await getRetention(client);
      clear(box);
      append(box, h('h3', {}, t('privacy_on_server')), retentionList(general.classes));
      // Her own communities: an admin also sees the others listed (as ROLE_ADMIN).
      for (const c of client.communities.filter((x) => x.role !== Role.ADMIN)) {
        const own = await getRetention(client, toHex(c.communityId));
        append(box, h('h3', {}, t('privacy_in_community', { name: c.name })), retentionList(own.classes.filter((r) => r.communityMayChoose)));
      }
    } catch (e) {
      ctx.showError(e);
    } finally {
      box.removeAttribute('aria-busy');
    }
  })();
  return h('section', { 'aria-labelledby': 'retention-title' }, h('h2', { id: 'retention-title' }, t('privacy_retention')), h('p', {}, t('privacy_retention_body')), box);
}

// Saves `json` as a file through an object URL; nothing leaves the browser.
function download(json: string, name: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function exportSection(ctx: AppContext): HTMLElement {
  const done = h('p', { role: 'status', class: 'hint' });
  const form = h('form', { class: 'stack' }, h('button', { type: 'submit', id: 'export' }, t('privacy_export_button')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      done.textContent = '';
      const r = await exportAccount(ctx.client!);
      const name = `weerbaar-export-${new Date(r.exportedAtMs).toISOString().slice(0, 10)}.json`;
      download(r.json, name);
      done.textContent = t('privacy_export_done', { name });
    }),
  );
  return h('section', {}, h('h2', {}, t('privacy_export')), h('p', {}, t('privacy_export_body')), form, done);
}

// Two steps: a first button opens the confirmation; the second needs the typed word.
function eraseSection(ctx: AppContext): HTMLElement {
  const word = t('erase_word');
  const input = h('input', { id: 'erase-confirm', type: 'text', autocomplete: 'off', 'aria-describedby': 'erase-warning' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('erase_cancel'));
  const form = h(
    'form',
    { class: 'stack', id: 'erase-form', hidden: true },
    h('p', { id: 'erase-warning' }, t('erase_warning')),
    h('label', { for: 'erase-confirm' }, t('erase_type', { word })),
    input,
    h('button', { type: 'submit', class: 'danger' }, t('erase_now')),
    cancel,
  );
  const open = h('button', { type: 'button', class: 'danger', 'aria-expanded': 'false', 'aria-controls': 'erase-form' }, t('erase_start'));
  const show = (on: boolean) => {
    form.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
    (on ? input : open).focus();
  };
  open.addEventListener('click', () => show(true));
  cancel.addEventListener('click', () => show(false));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      if (input.value.trim().toLowerCase() !== word.toLowerCase()) throw new UserError(t('err_erase_word', { word }));
      await eraseAccount(ctx.client!);
      ctx.leave(t('erase_done'));
    }),
  );
  return h('section', {}, h('h2', {}, t('privacy_erase')), h('p', {}, t('privacy_erase_body')), open, form);
}

export function privacyView(ctx: AppContext): View {
  return { el: h('section', {}, heading(t('privacy_title')), retentionSection(ctx), exportSection(ctx), eraseSection(ctx)) };
}
