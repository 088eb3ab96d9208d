// #/admin: the installation admin's start: links to the other admin screens, every
// community of the server (ListCommunities shows an admin all of them) with its area, and a
// new one with its name and area (changed later on #/manage).
import type { CommunitySummary } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { areaField } from './area_field';
import { heading, submitting } from './common';

function communityLine(c: CommunitySummary): string {
  const role = t(`role_${c.role}` as MessageKey);
  return c.area ? t('community_role_area', { name: c.name, role, area: c.area }) : t('community_role', { name: c.name, role });
}

// Name and area: the area is optional here, so a community can be made before it is known.
function createForm(ctx: AppContext, done: HTMLElement, render: () => void): HTMLFormElement {
  const name = h('input', { id: 'community-name', type: 'text', maxlength: 120, required: true });
  const area = areaField(ctx, 'community-area');
  const form = h('form', { class: 'stack' }, h('label', { for: 'community-name' }, t('manage_community_name')), name, ...area.els, h('button', { type: 'submit' }, t('manage_create_community')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const n = name.value.trim();
      if (!n) throw new UserError(t('err_name'));
      await ctx.client!.createCommunity(n, area.value());
      done.textContent = t('manage_created_community', { name: n });
      form.reset();
      render();
    }),
  );
  return form;
}

export function adminHomeView(ctx: AppContext): View {
  const client = ctx.client!;
  const list = h('ul', { class: 'plain', id: 'communities' });
  const done = h('p', { role: 'status', class: 'hint' });
  const render = () => {
    clear(list);
    if (client.communities.length === 0) return append(list, h('li', { class: 'hint' }, t('admin_no_communities')));
    for (const c of client.communities) append(list, h('li', {}, communityLine(c)));
  };
  const create = createForm(ctx, done, render);
  const links = h(
    'ul',
    { class: 'plain admin-links' },
    h('li', {}, h('a', { href: '#/admin/channels' }, t('admin_channels_title'))),
    h('li', {}, h('a', { href: '#/admin/retention' }, t('admin_retention_title'))),
    h('li', {}, h('a', { href: '#/admin/audit' }, t('admin_audit_title'))),
    h('li', {}, h('a', { href: '#/manage' }, t('admin_manage_link'))),
  );
  render();
  const el = h('section', {}, heading(t('admin_title')), h('p', {}, t('admin_body')), links, h('h2', {}, t('admin_communities')), list, h('h3', {}, t('manage_new_community')), create, done);
  return { el, update: render };
}
