// A resident's own privacy: the retention in force (GetRetention), her data (ExportAccount,
// merged with what this device can decrypt, like `weerbaar account export`), and erasure
// (EraseAccount, then this device forgets everything). docs/protocol.md, "Retention,
// erasure and export".
import { fromHex } from '../crypto/bytes';
import type { ErasureReceipt, RetentionInfo } from '../gen/weerbaar_pb';
import type { Client } from './client';
import type { HistoryEntry } from './state';

// The retention per data class, in `communityId` (hex) or outside any community ('').
export function getRetention(client: Client, communityId = ''): Promise<RetentionInfo> {
  const value = { communityId: communityId ? fromHex(communityId) : new Uint8Array(0) };
  return client.request({ case: 'getRetention', value }, 'retentionInfo');
}

// The server's export (format weerbaar-export-1) with, for each of her messages this device
// holds decrypted, its "text" and "decrypted": true, and a "device" object naming this device.
// The server never had the plaintext; only this device adds it, and the result stays here.
export function mergeExport(serverJson: string, history: (groupId: string) => HistoryEntry[], deviceId: string): string {
  const doc = JSON.parse(serverJson) as Record<string, unknown>;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error("the server's export is not a JSON object");
  let decrypted = 0;
  for (const m of Array.isArray(doc.messages) ? doc.messages : []) {
    if (m === null || typeof m !== 'object') continue;
    const text = localText(history, m as Record<string, unknown>);
    (m as Record<string, unknown>).decrypted = text !== null;
    if (text !== null) ((m as Record<string, unknown>).text = text), decrypted++;
  }
  doc.device = { device_id: deviceId, decrypted_messages: decrypted, note: 'text decrypted on this device; the server holds ciphertext only' };
  return JSON.stringify(doc, null, 2);
}

function localText(history: (groupId: string) => HistoryEntry[], m: Record<string, unknown>): string | null {
  const { group_id: group, seq } = m;
  if (typeof group !== 'string' || !/^[0-9a-f]{32}$/.test(group)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) return null;
  const entry = history(group).find((e) => e.seq === BigInt(seq) && e.decrypted);
  return entry ? entry.text : null;
}

// Everything the server holds about the calling user, plus this device's decrypted texts.
export async function exportAccount(client: Client): Promise<{ json: string; exportedAtMs: number }> {
  const r = await client.request({ case: 'exportAccount', value: {} }, 'accountExport');
  return { json: mergeExport(r.json, (id) => client.history(id), client.deviceId), exportedAtMs: Number(r.exportedAtMs) };
}

// Erases the account on the server (every device of hers), then wipes this device's keys
// and history from this browser. Irreversible: the caller has asked the user twice.
export async function eraseAccount(client: Client): Promise<ErasureReceipt> {
  const receipt = await client.request({ case: 'eraseAccount', value: { confirm: true } }, 'erasureReceipt');
  await client.forget();
  return receipt;
}
