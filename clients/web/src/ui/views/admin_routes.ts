// The routes and navigation links of the privacy and administration screens, spread into
// app.ts's table: #/privacy (everyone who joined), #/admin, #/admin/channels,
// #/admin/retention and #/admin/audit (installation admins; the server checks every request
// again, this only keeps the screens out of other people's way).
import type { Client } from '../../client/client';
import type { AppContext, View } from '../context';
import { h } from '../dom';
import { t } from '../i18n';
import { adminHomeView } from './admin_home';
import { auditView } from './admin_audit';
import { channelsView } from './admin_channels';
import { retentionView } from './admin_retention';
import { heading } from './common';
import { welcomeView } from './groups';
import { privacyView } from './privacy';

type Route = (ctx: AppContext, params: string[]) => View;

function notAllowed(): View {
  return { el: h('section', {}, heading(t('admin_title')), h('p', {}, t('admin_only'))) };
}

// Joined users only; admin screens for admins only.
function guarded(make: (ctx: AppContext) => View, admin: boolean): Route {
  return (ctx) => {
    if (!ctx.client?.joined) return welcomeView();
    return admin && !ctx.client.isAdmin ? notAllowed() : make(ctx);
  };
}

export const adminRoutes: Array<[RegExp, Route]> = [
  [/^#\/privacy$/, guarded(privacyView, false)],
  [/^#\/admin$/, guarded(adminHomeView, true)],
  [/^#\/admin\/channels$/, guarded(channelsView, true)],
  [/^#\/admin\/retention$/, guarded(retentionView, true)],
  [/^#\/admin\/audit$/, guarded(auditView, true)],
];

export function adminNav(client: Client | null): HTMLElement[] {
  const links = [h('a', { href: '#/privacy' }, t('nav_privacy'))];
  if (client?.isAdmin) links.push(h('a', { href: '#/admin' }, t('nav_admin')));
  return links;
}
