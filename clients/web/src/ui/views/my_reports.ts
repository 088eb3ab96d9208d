// #/reports: the reports this device filed, newest first, each with its shares (status,
// thread, answer, withdraw) and a link to its screen for sharing. Opening it re-reads the
// shares from the server.
import type { AppContext, View } from '../context';
import { append, clear, h } from '../dom';
import { lang, t } from '../i18n';
import { heading, keepingTyped } from './common';
import { reportSummary } from './share';
import { shareItem } from './share_item';

export function myReportsView(ctx: AppContext): View {
  const client = ctx.client!;
  const list = h('div', { class: 'report-list' });
  const render = () => keepingTyped(list, renderList);
  const renderList = () => {
    const focused = list.contains(document.activeElement) ? document.activeElement?.id : undefined;
    clear(list);
    const reports = [...client.signals.reports()].reverse();
    if (reports.length === 0) return append(list, h('p', {}, t('reports_empty')));
    for (const r of reports) {
      const shares = h('ul', { class: 'shares' });
      for (const s of r.shares) append(shares, shareItem(ctx, s));
      const title = client.signals.label(r.category, lang());
      append(
        list,
        h('article', { class: 'report' }, h('h2', {}, title), reportSummary(client, r), r.shares.length ? shares : h('p', { class: 'hint' }, t('reports_not_shared')), h('a', { href: `#/report/${r.reportId}` }, t('reports_open'))),
      );
    }
    if (focused) document.getElementById(focused)?.focus();
  };
  render();
  if (client.signals.reports().some((r) => r.shares.length > 0)) client.signals.refreshMyShares().catch((e) => ctx.showError(e));
  return { el: h('section', {}, heading(t('reports_title')), list), onSignals: render, update: render };
}
