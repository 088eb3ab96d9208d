// The web client's own code under node: `ws` as the WebSocket, an in-memory backend under
// the same sealed DeviceStore (WebCrypto AES-GCM, as in the browser).
import WebSocket from 'ws';
import { Client } from '../../src/client/client';
import type { SocketLike } from '../../src/client/connection';
import { DeviceStore, MemoryBackend } from '../../src/client/store';

export async function nodeClient(url: string, backend = new MemoryBackend()): Promise<Client> {
  const store = await DeviceStore.open(backend);
  return Client.open(store, {
    url,
    socketFactory: (u) => new WebSocket(u) as unknown as SocketLike,
    backoffMinMs: 50,
    backoffMaxMs: 500,
  });
}

// Resolves once `check` holds, re-checking on every client event (never on a timer loop
// that could hide a missed event for long: a 10 s ceiling fails the test).
export function until(client: Client, check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), ms);
    const prev = { ...client.listeners };
    const probe = () => {
      if (!check()) return;
      clearTimeout(timer);
      client.listeners = prev;
      resolve();
    };
    client.listeners = {
      ...prev,
      messages: (id) => (prev.messages?.(id), probe()),
      groups: () => (prev.groups?.(), probe()),
      status: (s) => (prev.status?.(s), probe()),
      signals: () => (prev.signals?.(), probe()),
    };
  });
}
