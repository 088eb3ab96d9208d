// What every view gets: the client (null before joining), the one-line error display, the
// polite live region, and helpers for links that work on this page's own origin.
import { ErrorCode } from '../gen/weerbaar_pb';
import { ConnectionLost, ServerError } from '../client/connection';
import { CryptoError } from '../crypto/errors';
import type { Client } from '../client/client';
import { t } from './i18n';

export interface View {
  el: HTMLElement;
  update?(): void; // the client's state changed (messages, groups, status)
  onMessages?(groupId: string): void;
  onSignals?(): void; // reports, shares or partner cards changed
  dispose?(): void;
}

export interface AppContext {
  client: Client | null;
  showError(e: unknown): void;
  clearError(): void;
  announce(text: string): void;
  navigate(hash: string): void;
  // Link for an invite token, on this page's origin (and dev ?server= override).
  inviteLink(token: string): string;
  // Called after joining: the app switches to the joined client.
  adopt(client: Client): void;
  newClient(): Promise<Client>;
  // After an erasure: the device is gone; back to the start screen with `notice`.
  leave(notice: string): void;
}

// A problem with what the user entered; its message is shown as it is.
export class UserError extends Error {}

// One clear line for the user; details stay out (they may hold ids).
export function errorText(e: unknown): string {
  if (e instanceof UserError) return e.message;
  if (e instanceof ServerError) {
    if (e.code === ErrorCode.INVITE_INVALID) return t('err_invite');
    if (e.code === ErrorCode.PERMISSION_DENIED) return t('err_denied');
    return t('err_generic', { detail: e.message });
  }
  if (e instanceof ConnectionLost) return t('err_offline');
  if (e instanceof CryptoError && /too long/.test(e.message)) return t('err_too_long');
  return t('err_generic', { detail: e instanceof Error ? e.message : String(e) });
}
