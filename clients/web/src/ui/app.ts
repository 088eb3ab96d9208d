// The application shell: header (title, connection status, navigation, language), the one
// error line, a polite live region, and the hash router that swaps views in <main>.
// Routes: #/join/<token>, #/ (groups), #/group/<id>, #/group/<id>/members, #/manage, #/device;
// signals: #/group/<id>/report, #/report/<id>, #/reports, #/partner; #/privacy and
// #/admin/... from views/admin_routes.ts.
// New features (partner channels, reports) add a route and a view here.
import { Role, type Client, type Status } from '../client/client';
import type { AppContext, View } from './context';
import { errorText } from './context';
import { append, clear, h } from './dom';
import { lang, setLang, t, type Lang } from './i18n';
import { chatView } from './views/chat';
import { deviceView } from './views/device';
import { groupsView, welcomeView } from './views/groups';
import { joinView } from './views/join';
import { manageView } from './views/manage';
import { membersView } from './views/members';
import { signalNav, signalRoutes } from './views/signal_routes';
import { adminNav, adminRoutes } from './views/admin_routes';

type Route = (ctx: AppContext, params: string[]) => View;

const routes: Array<[RegExp, Route]> = [
  [/^#\/join\/([A-Za-z0-9_-]+)$/, (ctx, [token]) => joinView(ctx, token)],
  [/^#\/group\/([0-9a-f]{32})$/, (ctx, [id]) => chatView(ctx, id)],
  [/^#\/group\/([0-9a-f]{32})\/members$/, (ctx, [id]) => membersView(ctx, id)],
  [/^#\/manage$/, (ctx) => manageView(ctx)],
  [/^#\/device$/, (ctx) => deviceView(ctx)],
  ...signalRoutes,
  ...adminRoutes,
];

export class App implements AppContext {
  client: Client | null = null;
  private view: View | null = null;
  private readonly main = h('main', { id: 'main', tabindex: '-1' });
  private readonly error = h('p', { id: 'error', class: 'error', role: 'alert' });
  private readonly live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'false' });
  private readonly status = h('p', { class: 'status', role: 'status' });
  private readonly nav = h('nav', { 'aria-label': t('app') });
  private readonly header = h('header', { class: 'top' });

  constructor(
    private readonly root: HTMLElement,
    readonly newClient: () => Promise<Client>,
  ) {
    window.addEventListener('hashchange', () => this.route());
    window.addEventListener('online', () => this.client?.nudge());
  }

  start(client: Client | null): void {
    if (client) this.adopt(client, false);
    this.renderShell();
    this.route();
  }

  adopt(client: Client, reroute = true): void {
    this.client = client;
    client.listeners = {
      status: (s) => this.showStatus(s),
      groups: () => {
        this.renderNav();
        this.view?.update?.();
      },
      messages: (id) => this.view?.onMessages?.(id),
      signals: () => this.view?.onSignals?.(),
      // Skipped devices and unreadable key shares are expected noise (a member's broken
      // device); a failed connect that is not a network error is worth the error line.
      notice: (n) => n.kind === 'connect-failed' && this.error.replaceChildren(t('err_generic', { detail: n.detail })),
      erased: () => this.client === client && this.leave(t('erase_done_elsewhere')),
    };
    client.start();
    if (reroute) this.renderShell();
  }

  showError(e: unknown): void {
    this.error.textContent = errorText(e);
  }
  clearError(): void {
    this.error.textContent = '';
  }
  announce(text: string): void {
    append(this.live, h('p', {}, text));
    while (this.live.childNodes.length > 5) this.live.removeChild(this.live.firstChild!);
  }
  leave(notice: string): void {
    this.client?.stop();
    this.client = null;
    history.replaceState(null, '', location.pathname + location.search + '#/');
    this.renderShell();
    this.route();
    append(this.main, h('p', { role: 'status', class: 'notice' }, notice));
  }
  navigate(hash: string): void {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }
  inviteLink(token: string): string {
    return `${location.origin}${location.pathname}${location.search}#/join/${token}`;
  }

  private renderShell(): void {
    clear(this.root);
    clear(this.header);
    document.title = t('app');
    const skip = h('a', { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), this.main.focus()) }, t('skip'));
    this.renderNav();
    append(this.header, h('p', { class: 'brand' }, t('app')), this.status, this.nav, this.languageSwitch());
    append(this.root, skip, this.header, this.error, this.main, this.live);
    this.showStatus(this.client?.status ?? 'offline');
  }

  private renderNav(): void {
    clear(this.nav);
    if (this.client?.joined) {
      const manages = this.client.isAdmin || this.client.communities.some((c) => c.role === Role.LEADER);
      append(
        this.nav,
        h('a', { href: '#/' }, t('nav_groups')),
        ...signalNav(this.client),
        manages ? h('a', { href: '#/manage' }, t('nav_manage')) : null,
        h('a', { href: '#/device' }, t('nav_device')),
        ...adminNav(this.client),
      );
    }
  }

  private languageSwitch(): HTMLElement {
    const select = h('select', { id: 'lang', onchange: () => this.switchLang(select.value as Lang) });
    for (const [code, name] of [['nl', 'Nederlands'], ['en', 'English']]) {
      append(select, h('option', { value: code, selected: code === lang() }, name));
    }
    return h('div', { class: 'lang' }, h('label', { for: 'lang' }, t('language')), select);
  }

  private switchLang(l: Lang): void {
    setLang(l);
    this.renderShell();
    this.route();
    (document.getElementById('lang') as HTMLSelectElement | null)?.focus();
  }

  private showStatus(s: Status): void {
    if (!this.client?.joined) return void ((this.status.textContent = ''), delete this.status.dataset.state);
    this.status.textContent = t(`status_${s}`);
    this.status.dataset.state = s;
  }

  private route(): void {
    this.view?.dispose?.();
    this.clearError();
    const hash = location.hash || '#/';
    let view: View | null = null;
    for (const [pattern, make] of routes) {
      const m = pattern.exec(hash);
      if (m) view = make(this, m.slice(1));
    }
    view ??= this.client?.joined ? groupsView(this) : welcomeView();
    this.view = view;
    clear(this.main);
    append(this.main, view.el);
    // Move focus to the new screen's heading, so keyboard and screen-reader users start there.
    (this.main.querySelector('h1') as HTMLElement | null)?.focus();
  }
}
