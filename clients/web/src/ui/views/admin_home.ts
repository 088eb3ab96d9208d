// #/admin: the installation admin's start: links to the other admin screens, every
// community of the server (ListCommunities shows an admin all of them) and a new one.
import type { AppContext, View } from '../context';
import { append, clear, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { heading, nameForm } from './common';

export function adminHomeView(ctx: AppContext): View {
  const client = ctx.client!;
  const list = h('ul', { class: 'plain', id: 'communities' });
  const done = h('p', { role: 'status', class: 'hint' });
  const render = () => {
    clear(list);
    if (client.communities.length === 0) return append(list, h('li', { class: 'hint' }, t('admin_no_communities')));
    for (const c of client.communities) append(list, h('li', {}, t('community_role', { name: c.name, role: t(`role_${c.role}` as MessageKey) })));
  };
  const create = nameForm(ctx, t('manage_community_name'), t('manage_create_community'), async (name) => {
    await client.createCommunity(name);
    done.textContent = t('manage_created_community', { name });
    render();
  });
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
