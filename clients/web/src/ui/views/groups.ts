// The start screens: a welcome for a browser that has not joined, and the list of groups
// per community with unread counts.
import { toHex } from '../../crypto/bytes';
import { Role } from '../../gen/weerbaar_pb';
import type { AppContext, View } from '../context';
import { append, clear, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { heading } from './common';

export function welcomeView(): View {
  return { el: h('section', {}, heading(t('welcome_title')), h('p', {}, t('welcome_body'))) };
}

export function groupsView(ctx: AppContext): View {
  const client = ctx.client!;
  const list = h('div', { class: 'group-list' });
  const render = () => {
    clear(list);
    const groups = client.groups();
    if (groups.length === 0) {
      // A partner has no groups: her work is on the partner screen.
      const partner = client.communities.some((c) => c.role === Role.PARTNER);
      return append(list, h('p', {}, t('groups_empty')), partner ? h('p', {}, h('a', { href: '#/partner' }, t('nav_partner'))) : null);
    }
    const communities = new Map<string, typeof groups>();
    for (const g of groups) communities.set(g.communityId, [...(communities.get(g.communityId) ?? []), g]);
    for (const [communityId, gs] of communities) {
      const c = client.communities.find((x) => toHex(x.communityId) === communityId);
      const title = c ? t('community_role', { name: c.name, role: t(`role_${c.role}` as MessageKey) }) : '';
      const ul = h('ul', { class: 'groups' });
      for (const g of gs) {
        const n = client.unread(g.groupId);
        const badge = n > 0 ? h('span', { class: 'badge' }, t('unread', { n })) : null;
        append(ul, h('li', {}, h('a', { href: `#/group/${g.groupId}`, class: 'group-link' }, h('span', { class: 'name' }, g.name), badge)));
      }
      append(list, h('section', { class: 'community' }, title ? h('h2', {}, title) : null, ul));
    }
  };
  render();
  return { el: h('section', {}, heading(t('groups_title')), list), update: render, onMessages: render };
}
