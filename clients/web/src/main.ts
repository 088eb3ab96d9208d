// Entry point: picks the server (this page's own host, or ?server=ws://... for development
// and tests), opens the sealed device store in IndexedDB, holds the single-tab lock, and
// starts the app.
import { Client } from './client/client';
import type { SocketLike } from './client/connection';
import { IndexedDbBackend } from './client/idb';
import { serverUrl } from './client/server_url';
import { DeviceStore } from './client/store';
import { App } from './ui/app';
import { h } from './ui/dom';
import { loadLang, t } from './ui/i18n';
import './ui/styles.css';

async function openClient(store: DeviceStore): Promise<Client> {
  return Client.open(store, {
    url: serverUrl(location),
    socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
  });
}

async function main(): Promise<void> {
  loadLang();
  const root = document.getElementById('app')!;
  let store: DeviceStore;
  try {
    store = await DeviceStore.open(await IndexedDbBackend.open());
  } catch {
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('err_storage')));
    return;
  }
  const client = await openClient(store);
  const app = new App(root, () => openClient(store));
  app.start(client.joined ? client : null);
}

// One tab per device: two tabs would both advance the same sender key.
if (navigator.locks) {
  void navigator.locks.request('weerbaar-device', { ifAvailable: true }, async (lock) => {
    if (!lock) {
      document.getElementById('app')!.replaceChildren(h('p', { class: 'error', role: 'alert' }, (loadLang(), t('other_tab'))));
      return;
    }
    await main();
    await new Promise(() => {}); // hold the lock while the page lives
  });
} else {
  void main();
}
