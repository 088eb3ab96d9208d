// The failure kinds of the crypto layer, named after the C++ status codes they mirror
// (common/status.h), so that tests and callers can tell a replay from a forgery.

export type CryptoErrorCode =
  | 'invalid_argument'
  | 'permission_denied'
  | 'already_exists'
  | 'resource_exhausted'
  | 'data_loss';

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}

export function fail(code: CryptoErrorCode, message: string): never {
  throw new CryptoError(code, message);
}
