// The signal-report screens' routes and navigation links, added to the shell in app.ts.
import { Role, type Client } from '../../client/client';
import type { AppContext, View } from '../context';
import { h } from '../dom';
import { t } from '../i18n';
import { myReportsView } from './my_reports';
import { partnerView } from './partner';
import { reportView } from './report';
import { shareView } from './share';

type Route = (ctx: AppContext, params: string[]) => View;

export const signalRoutes: Array<[RegExp, Route]> = [
  [/^#\/group\/([0-9a-f]{32})\/report$/, (ctx, [id]) => reportView(ctx, id)],
  [/^#\/report\/([0-9a-f]{32})$/, (ctx, [id]) => shareView(ctx, id)],
  [/^#\/reports$/, (ctx) => myReportsView(ctx)],
  [/^#\/partner$/, (ctx) => partnerView(ctx)],
];

// "My reports" for residents and leaders, "Partner" for partners.
export function signalNav(client: Client): HTMLElement[] {
  const roles = client.communities.map((c) => c.role);
  const links: HTMLElement[] = [];
  if (roles.includes(Role.RESIDENT) || roles.includes(Role.LEADER)) links.push(h('a', { href: '#/reports' }, t('nav_reports')));
  if (roles.includes(Role.PARTNER)) links.push(h('a', { href: '#/partner' }, t('nav_partner')));
  return links;
}
