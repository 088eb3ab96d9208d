// Which server the page talks to: its own host, or ?server=ws://... for development and
// tests (a page served from another origin than the server).
export function serverUrl(loc: Location): string {
  const override = new URLSearchParams(loc.search).get('server');
  if (override && /^wss?:\/\//.test(override)) return override;
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/`;
}

// The server is this page's own origin (no ?server= pointing elsewhere), so resources the
// server offers (map tiles) can be loaded from the page's origin.
export function servedByServer(loc: Location): boolean {
  return new URL(serverUrl(loc)).host === loc.host;
}
