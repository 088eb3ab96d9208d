// Consent records and withdrawals, signed by the reporter's device (crypto/consent.h,
// docs/signals.md "Consent record"). The server checks the signature before a share reaches
// a partner channel; partners never see the record (it names the device).
//
// Canonical encoding, version 1 (lp(x) = u32 BE len(x) || x, u64 BE):
//   consent    = u8 1 || lp(report id) || lp(channel id) || lp(purpose) || u32 n ||
//                n x lp(field, strictly ascending) || u64 expires_at_ms ||
//                u64 issued_at_ms || lp(device id)
//   withdrawal = u8 1 || lp(report id) || lp(channel id) || u64 withdrawn_at_ms ||
//                lp(device id)
// Signatures: signWithContext("weerbaar/consent/v1", consent) and
// signWithContext("weerbaar/consent-withdrawal/v1", withdrawal). Decoding refuses every
// non-canonical byte string, exactly like the C++ decoder.
import { concat, equalBytes, fromUtf8, lp, readU32be, u32be, u64be, type Bytes } from './bytes';
import { fail } from './errors';
import { DEVICE_ID_BYTES, deviceIdFor, verifyWithContext, type DeviceIdentity } from './identity';

export const REPORT_ID_BYTES = 16;
export const CHANNEL_ID_BYTES = 16;
export const CONSENT_CONTEXT = 'weerbaar/consent/v1';
export const WITHDRAWAL_CONTEXT = 'weerbaar/consent-withdrawal/v1';
export const CONSENT_PURPOSES = ['handling', 'information', 'trends'] as const;
// In canonical (ascending) order. "contact" lets the partner identify the reporter.
export const CONSENT_FIELDS = ['category', 'contact', 'details', 'location', 'photo', 'time'] as const;
const VERSION = 1;
const U64_MAX = (1n << 64n) - 1n;

export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

// Personal data (links a device to a report and a channel); retention class: consent record.
export type Consent = {
  reportId: Uint8Array; // 16 bytes
  channelId: Uint8Array; // 16 bytes
  purpose: ConsentPurpose;
  fields: string[]; // a non-empty subset of CONSENT_FIELDS, any order (encoded sorted)
  expiresAtMs: bigint; // > issuedAtMs
  issuedAtMs: bigint; // >= 0
  deviceId: Uint8Array; // 16 bytes: the signing device
};

// Personal data; retention class: consent record.
export type Withdrawal = {
  reportId: Uint8Array;
  channelId: Uint8Array;
  withdrawnAtMs: bigint; // >= 0
  deviceId: Uint8Array;
};

export type Signed = { record: Uint8Array; signature: Uint8Array };

function checkIds(reportId: Bytes, channelId: Bytes, deviceId: Bytes): void {
  if (reportId.length !== REPORT_ID_BYTES) fail('invalid_argument', 'consent: bad report id');
  if (channelId.length !== CHANNEL_ID_BYTES) fail('invalid_argument', 'consent: bad channel id');
  if (deviceId.length !== DEVICE_ID_BYTES) fail('invalid_argument', 'consent: bad device id');
}

function checkTime(ms: bigint): void {
  if (ms < 0n || ms > U64_MAX >> 1n) fail('invalid_argument', 'consent: bad time');
}

function validateConsent(c: Consent): void {
  checkIds(c.reportId, c.channelId, c.deviceId);
  if (!(CONSENT_PURPOSES as readonly string[]).includes(c.purpose)) fail('invalid_argument', 'consent: unknown purpose');
  checkTime(c.issuedAtMs);
  checkTime(c.expiresAtMs);
  if (c.expiresAtMs <= c.issuedAtMs) fail('invalid_argument', 'consent: bad validity period');
}

// Byte-wise ascending, as std::sort over std::string (the field names are ASCII).
function canonicalFields(fields: readonly string[]): string[] {
  if (fields.length === 0 || fields.length > CONSENT_FIELDS.length) fail('invalid_argument', 'consent: bad field list');
  const sorted = [...fields].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  sorted.forEach((f, k) => {
    if (!(CONSENT_FIELDS as readonly string[]).includes(f)) fail('invalid_argument', 'consent: unknown field');
    if (k > 0 && f === sorted[k - 1]) fail('invalid_argument', 'consent: repeated field');
  });
  return sorted;
}

// invalid_argument names the first invalid part (id size, purpose, field, validity).
export function encodeConsent(c: Consent): Uint8Array {
  validateConsent(c);
  const fields = canonicalFields(c.fields);
  return concat(
    Uint8Array.of(VERSION),
    lp(c.reportId),
    lp(c.channelId),
    lp(c.purpose),
    u32be(fields.length),
    ...fields.map((f) => lp(f)),
    u64be(c.expiresAtMs),
    u64be(c.issuedAtMs),
    lp(c.deviceId),
  );
}

export function encodeWithdrawal(w: Withdrawal): Uint8Array {
  checkIds(w.reportId, w.channelId, w.deviceId);
  checkTime(w.withdrawnAtMs);
  return concat(Uint8Array.of(VERSION), lp(w.reportId), lp(w.channelId), u64be(w.withdrawnAtMs), lp(w.deviceId));
}

// invalid_argument if the record or withdrawal names another device than `identity`.
export function signConsent(identity: DeviceIdentity, c: Consent): Signed {
  if (!equalBytes(c.deviceId, identity.deviceId)) fail('invalid_argument', 'consent: record names another device');
  const record = encodeConsent(c);
  return { record, signature: identity.signWithContext(CONSENT_CONTEXT, record) };
}

export function signWithdrawal(identity: DeviceIdentity, w: Withdrawal): Signed {
  if (!equalBytes(w.deviceId, identity.deviceId)) fail('invalid_argument', 'consent: withdrawal names another device');
  const record = encodeWithdrawal(w);
  return { record, signature: identity.signWithContext(WITHDRAWAL_CONTEXT, record) };
}

// True only if `signature` is the device's over `record` and the record names that device.
export function verifyConsent(signingPublic: Bytes, record: Bytes, signature: Bytes): boolean {
  return verifySigned(CONSENT_CONTEXT, signingPublic, record, signature, () => decodeConsent(record).deviceId);
}

export function verifyWithdrawal(signingPublic: Bytes, record: Bytes, signature: Bytes): boolean {
  return verifySigned(WITHDRAWAL_CONTEXT, signingPublic, record, signature, () => decodeWithdrawal(record).deviceId);
}

function verifySigned(context: string, pk: Bytes, record: Bytes, sig: Bytes, deviceOf: () => Bytes): boolean {
  try {
    return equalBytes(deviceOf(), deviceIdFor(pk)) && verifyWithContext(pk, context, record, sig);
  } catch {
    return false;
  }
}

// Bounds-checked reading of the canonical encoding; every overrun is invalid_argument.
class Reader {
  private at = 0;
  constructor(private readonly b: Bytes) {}
  u8(): number {
    return this.take(1)[0];
  }
  u32(): number {
    return readU32be(this.take(4), 0);
  }
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  field(): Bytes {
    return this.take(this.u32());
  }
  take(n: number): Bytes {
    if (n > this.b.length - this.at) fail('invalid_argument', 'consent: malformed');
    return this.b.slice(this.at, (this.at += n));
  }
  done(): boolean {
    return this.at === this.b.length;
  }
}

function text(b: Bytes): string {
  try {
    return fromUtf8(b);
  } catch {
    return fail('invalid_argument', 'consent: malformed');
  }
}

// invalid_argument for any byte string encodeConsent would not produce.
export function decodeConsent(encoded: Bytes): Consent {
  const r = new Reader(encoded);
  if (r.u8() !== VERSION) fail('invalid_argument', 'consent: unknown version');
  const reportId = r.field();
  const channelId = r.field();
  const purpose = text(r.field()) as ConsentPurpose;
  const n = r.u32();
  if (n > CONSENT_FIELDS.length) fail('invalid_argument', 'consent: bad field list');
  const fields: string[] = [];
  for (let k = 0; k < n; k++) fields.push(text(r.field()));
  const c: Consent = { reportId, channelId, purpose, fields, expiresAtMs: r.u64(), issuedAtMs: r.u64(), deviceId: r.field() };
  if (!r.done()) fail('invalid_argument', 'consent: malformed');
  validateConsent(c);
  if (canonicalFields(fields).join('\n') !== fields.join('\n')) fail('invalid_argument', 'consent: fields not in canonical order');
  return c;
}

export function decodeWithdrawal(encoded: Bytes): Withdrawal {
  const r = new Reader(encoded);
  if (r.u8() !== VERSION) fail('invalid_argument', 'consent: unknown version');
  const w: Withdrawal = { reportId: r.field(), channelId: r.field(), withdrawnAtMs: r.u64(), deviceId: r.field() };
  if (!r.done()) fail('invalid_argument', 'consent: malformed');
  encodeWithdrawal(w);
  return w;
}
