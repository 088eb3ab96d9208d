// Device storage: every record is sealed with AES-256-GCM under a non-extractable WebCrypto
// key, so that no secret key (identity, sender keys) and no message text sits in storage in
// clear. The wrapping key itself is kept as a CryptoKey object (structured clone) in the
// same IndexedDB; script can use it but never read its bytes. Each record's name is the
// AES-GCM additional data, so a sealed record cannot be moved to another slot.
//
// Records: "identity" (the 193-byte DeviceIdentity secret), "meta" (DeviceMeta),
// "group:<hex id>" (GroupState) and "signals" (SignalsState: reports, shares, partner
// channels), each sealed separately so a message save rewrites one group.
import { fromUtf8, utf8 } from '../crypto/bytes';
import { decodeGroup, decodeMeta, decodeSignals, encodeState } from './codec';
import type { SignalsState } from './signals_state';
import type { DeviceMeta, GroupState } from './state';

// Raw key-value storage underneath the sealing: IndexedDB in the browser, a Map in tests.
export interface KvBackend {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

const WRAPPING_KEY = 'wrapping-key';
const IV_BYTES = 12;

interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

// WebCrypto wants ArrayBuffer-backed views; ours always are.
function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>;
}

export class DeviceStore {
  private constructor(
    private readonly kv: KvBackend,
    private readonly key: CryptoKey,
  ) {}

  // Loads the wrapping key, creating a fresh non-extractable one on first use.
  static async open(kv: KvBackend): Promise<DeviceStore> {
    let key = (await kv.get(WRAPPING_KEY)) as CryptoKey | undefined;
    if (!key) {
      key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await kv.put(WRAPPING_KEY, key);
    }
    return new DeviceStore(kv, key);
  }

  async loadIdentity(): Promise<Uint8Array | null> {
    return this.read('identity');
  }

  saveIdentity(serialized: Uint8Array): Promise<void> {
    return this.write('identity', serialized);
  }

  async loadMeta(): Promise<DeviceMeta | null> {
    const b = await this.read('meta');
    return b ? decodeMeta(fromUtf8(b)) : null;
  }

  saveMeta(meta: DeviceMeta): Promise<void> {
    return this.write('meta', utf8(encodeState(meta)));
  }

  async loadGroups(): Promise<GroupState[]> {
    const out: GroupState[] = [];
    for (const k of await this.kv.keys()) {
      if (!k.startsWith('group:')) continue;
      const b = await this.read(k);
      if (b) out.push(decodeGroup(fromUtf8(b)));
    }
    return out;
  }

  saveGroup(g: GroupState): Promise<void> {
    return this.write('group:' + g.groupId, utf8(encodeState(g)));
  }

  async loadSignals(): Promise<SignalsState | null> {
    const b = await this.read('signals');
    return b ? decodeSignals(fromUtf8(b)) : null;
  }

  saveSignals(s: SignalsState): Promise<void> {
    return this.write('signals', utf8(encodeState(s)));
  }

  // Forgets this device: every record. The wrapping key stays, so this store (and a later
  // one on the same backend) can still seal and open new records.
  async clear(): Promise<void> {
    for (const k of await this.kv.keys()) if (k !== WRAPPING_KEY) await this.kv.delete(k);
  }

  private async write(name: string, plaintext: Uint8Array): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: buf(utf8(name)) }, this.key, buf(plaintext));
    plaintext.fill(0);
    await this.kv.put(name, { iv, data } satisfies Sealed);
  }

  // Null when absent; throws when a record does not authenticate (damaged or moved).
  private async read(name: string): Promise<Uint8Array | null> {
    const sealed = (await this.kv.get(name)) as Sealed | undefined;
    if (!sealed) return null;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(sealed.iv), additionalData: buf(utf8(name)) }, this.key, sealed.data);
    return new Uint8Array(plain);
  }
}

export class MemoryBackend implements KvBackend {
  private readonly map = new Map<string, unknown>();
  async get(key: string) {
    return this.map.get(key);
  }
  async put(key: string, value: unknown) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
  async keys() {
    return [...this.map.keys()];
  }
}
