// The verified public keys of the devices in this user's groups, from GetGroup replies
// (clients/device_directory.h). Used to check who may send this device a key share.
import { toHex } from '../crypto/bytes';
import type { DeviceInfo } from '../gen/weerbaar_pb';
import type { ClientCore } from './core';
import { checkDeviceKeys } from './group_crypto';

export interface KnownDevice {
  userId: string;
  info: DeviceInfo; // keys checked with checkDeviceKeys
  groups: Set<string>; // groups it is a member device of
}

export interface Directory {
  devices: Map<string, KnownDevice>;
}

export async function buildDirectory(core: ClientCore): Promise<Directory> {
  const dir: Directory = { devices: new Map() };
  const list = await core.call({ case: 'listGroups', value: {} }, 'groupList');
  for (const s of list.groups) {
    const info = await core.getGroup(toHex(s.groupId));
    for (const member of info.members) {
      const userId = toHex(member.userId);
      for (const device of member.devices) {
        const problem = checkDeviceKeys(device);
        if (problem) {
          core.notice({ kind: 'skipped-device', detail: problem });
          continue;
        }
        const id = toHex(device.deviceId);
        // A device id is bound to its signing key, so the first verified entry stands.
        const known = dir.devices.get(id) ?? { userId, info: device, groups: new Set<string>() };
        dir.devices.set(id, known);
        if (known.userId === userId) known.groups.add(toHex(info.groupId));
      }
    }
  }
  return dir;
}
