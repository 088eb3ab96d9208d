// The verified public keys of the devices in this user's groups (GetGroup replies, as
// clients/device_directory.h) and of the partners of this user's partner channels
// (ListChannelPartners). Used to check who may send this device a key share.
import { fromHex, toHex } from '../crypto/bytes';
import type { DeviceInfo, Member } from '../gen/weerbaar_pb';
import { ServerError } from './connection';
import type { ClientCore } from './core';
import { checkDeviceKeys } from './group_crypto';

export interface KnownDevice {
  userId: string;
  info: DeviceInfo; // keys checked with checkDeviceKeys
  groups: Set<string>; // groups it is a member device of
  channels: Set<string>; // partner channels it is a partner device of
}

export interface Directory {
  devices: Map<string, KnownDevice>;
}

// Each device of `members` whose keys check out, with its user id; the others are noticed.
export function verifiedDevices(core: ClientCore, members: Member[]): Array<{ userId: string; device: DeviceInfo }> {
  const out = [];
  for (const member of members) {
    for (const device of member.devices) {
      const problem = checkDeviceKeys(device);
      if (problem) core.notice({ kind: 'skipped-device', detail: problem });
      else out.push({ userId: toHex(member.userId), device });
    }
  }
  return out;
}

// The partners of a channel this user is a partner of; none when the server refuses (she
// is no longer a partner, the channel is gone), so the inbox is still read.
export async function channelPartners(core: ClientCore, channelId: string): Promise<Member[]> {
  try {
    const reply = await core.call({ case: 'listChannelPartners', value: { channelId: fromHex(channelId) } }, 'channelPartners');
    return toHex(reply.channelId) === channelId ? reply.partners : [];
  } catch (e) {
    if (e instanceof ServerError) return [];
    throw e;
  }
}

// A device id is bound to its signing key, so the first verified entry stands.
function known(dir: Directory, userId: string, device: DeviceInfo): KnownDevice | null {
  const id = toHex(device.deviceId);
  const entry = dir.devices.get(id) ?? { userId, info: device, groups: new Set<string>(), channels: new Set<string>() };
  dir.devices.set(id, entry);
  return entry.userId === userId ? entry : null;
}

export async function buildDirectory(core: ClientCore): Promise<Directory> {
  const dir: Directory = { devices: new Map() };
  const list = await core.call({ case: 'listGroups', value: {} }, 'groupList');
  for (const s of list.groups) {
    const info = await core.getGroup(toHex(s.groupId));
    for (const { userId, device } of verifiedDevices(core, info.members)) known(dir, userId, device)?.groups.add(toHex(info.groupId));
  }
  for (const channelId of core.me.channelIds ?? []) {
    for (const { userId, device } of verifiedDevices(core, await channelPartners(core, channelId))) known(dir, userId, device)?.channels.add(channelId);
  }
  return dir;
}
