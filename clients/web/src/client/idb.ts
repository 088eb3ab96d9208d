// IndexedDB backend for DeviceStore: one database per profile, one object store of
// records keyed by name. Values are stored by structured clone (CryptoKey included).
import type { KvBackend } from './store';

const STORE = 'records';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export class IndexedDbBackend implements KvBackend {
  private constructor(private readonly db: IDBDatabase) {}

  static open(name = 'weerbaar'): Promise<IndexedDbBackend> {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(new IndexedDbBackend(r.result));
      r.onerror = () => reject(r.error);
    });
  }

  private tx(mode: IDBTransactionMode): IDBObjectStore {
    return this.db.transaction(STORE, mode).objectStore(STORE);
  }

  get(key: string): Promise<unknown> {
    return request(this.tx('readonly').get(key));
  }

  // Resolves once the transaction has committed, not merely when the request succeeded:
  // callers save keys before a message leaves and rely on that write being done.
  put(key: string, value: unknown): Promise<void> {
    return this.write((s) => s.put(value, key));
  }

  delete(key: string): Promise<void> {
    return this.write((s) => s.delete(key));
  }

  private write(op: (s: IDBObjectStore) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, 'readwrite', { durability: 'strict' });
      op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async keys(): Promise<string[]> {
    return (await request(this.tx('readonly').getAllKeys())).map(String);
  }
}
