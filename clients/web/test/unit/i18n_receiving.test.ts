// The message catalogue is complete in both languages; messages that cannot be read yet
// are kept for a retry, others get their reason (clients/group_crypto.cc OpenGroupMessage).
import { create } from '@bufbuild/protobuf';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupMessageAad, encryptGroupText } from '../../src/client/group_crypto';
import { openGroupMessage } from '../../src/client/receiving';
import { newGroup, putReceivedKey } from '../../src/client/state';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { initCrypto, randomBytes } from '../../src/crypto/primitives';
import { SenderKey } from '../../src/crypto/sender_key';
import { SenderKeyReceiver } from '../../src/crypto/sender_key_receiver';
import { GroupMessageSchema } from '../../src/gen/weerbaar_pb';
import { catalogueKeys, initialLang, setLang, t } from '../../src/ui/i18n';

beforeAll(() => initCrypto());

describe('i18n', () => {
  it('has the same keys in Dutch and English', () => {
    expect(catalogueKeys('nl').sort()).toEqual(catalogueKeys('en').sort());
  });
  it('defaults to Dutch for any nl locale and English otherwise, unless chosen', () => {
    expect(initialLang(null, 'nl-BE')).toBe('nl');
    expect(initialLang(null, 'de-DE')).toBe('en');
    expect(initialLang('en', 'nl-NL')).toBe('en');
  });
  it('fills parameters', () => {
    setLang('nl', false);
    expect(t('unread', { n: 3 })).toBe('3 ongelezen');
    setLang('en', false);
    expect(t('unread', { n: 3 })).toBe('3 unread');
  });
});

describe('openGroupMessage', () => {
  const groupId = toHex(randomBytes(16));
  const device = toHex(randomBytes(16));
  const user = toHex(randomBytes(16));

  function message(key: SenderKey, epoch: bigint, seq: bigint) {
    const ct = encryptGroupText(key, fromHex(groupId), fromHex(device), epoch, 'hallo', 1n);
    return create(GroupMessageSchema, { groupId: fromHex(groupId), seq, senderDevice: fromHex(device), senderUser: fromHex(user), epoch, ciphertext: ct });
  }
  function withKey(key: SenderKey, epoch: bigint, senderUser = user) {
    const g = newGroup(groupId);
    putReceivedKey(g, { senderDevice: device, senderUser, keyId: toHex(key.keyId), epoch, serialized: SenderKeyReceiver.fromDistribution(key.distribution()).serialize() });
    return g;
  }

  it('reads a message with the key its share named', () => {
    const key = SenderKey.generate();
    const g = withKey(key, 4n);
    const e = openGroupMessage(g, message(key, 4n, 1n));
    expect([e.decrypted, e.text]).toEqual([true, 'hallo']);
    expect(groupMessageAad(fromHex(groupId), fromHex(device), 4n).length).toBe(4 + 16 + 4 + 16 + 8);
  });
  it('keeps a message whose key has not arrived for a later retry', () => {
    const e = openGroupMessage(newGroup(groupId), message(SenderKey.generate(), 1n, 1n));
    expect([e.decrypted, e.failure, e.retry !== undefined]).toEqual([false, 'no key from the sending device', true]);
  });
  it('refuses a key from another epoch and a key of another user', () => {
    const key = SenderKey.generate();
    expect(openGroupMessage(withKey(key, 1n), message(key, 2n, 1n)).failure).toBe('key belongs to another epoch');
    const key2 = SenderKey.generate();
    expect(openGroupMessage(withKey(key2, 1n, toHex(randomBytes(16))), message(key2, 1n, 1n)).failure).toBe('sender does not own the key');
  });
});
