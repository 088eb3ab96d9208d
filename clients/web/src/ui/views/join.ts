// #/join/<token>: choose a display name and join with the invite (a new user or another
// device of an existing one). The device identity is made here and stored sealed.
import { UserError, type AppContext, type View } from '../context';
import { h } from '../dom';
import { t } from '../i18n';
import { heading, submitting } from './common';

export function joinView(ctx: AppContext, token: string): View {
  if (ctx.client?.joined) {
    return { el: h('section', {}, heading(t('join_title')), h('p', {}, t('join_already')), h('p', {}, h('a', { href: '#/' }, t('nav_groups')))) };
  }
  const name = h('input', { id: 'join-name', name: 'name', type: 'text', autocomplete: 'nickname', maxlength: 60, required: true });
  const form = h('form', { class: 'stack' }, h('label', { for: 'join-name' }, t('join_name')), name, h('button', { type: 'submit' }, t('join_button')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const display = name.value.trim();
      if (!display) throw new UserError(t('err_name'));
      const client = ctx.client ?? (await ctx.newClient());
      await client.join(token, display);
      history.replaceState(null, '', location.pathname + location.search + '#/');
      ctx.adopt(client);
      ctx.navigate('#/');
    }),
  );
  queueMicrotask(() => name.focus());
  return { el: h('section', {}, heading(t('join_title')), h('p', {}, t('join_body')), form) };
}
