#include "clients/device_directory.h"

#include <algorithm>

#include "clients/group_crypto.h"

namespace weerbaar::client {

std::vector<std::string> DeviceDirectory::AddGroup(const v1::GroupInfo& group) {
  std::vector<std::string> warnings;
  for (const v1::Member& member : group.members()) {
    for (const v1::DeviceInfo& device : member.devices()) {
      Status verified = VerifyDeviceKeys(device);
      if (!verified.ok()) {
        warnings.push_back("ignored device " + HexEncode(AsBytes(device.device_id())).substr(0, 8) +
                           ": " + verified.message());
        continue;
      }
      KnownDevice& known = devices_[device.device_id()];
      // A device id is bound to its signing key, so the first verified entry stands.
      if (known.user_id.empty()) {
        known.user_id = member.user_id();
        known.info = device;
      }
      if (known.user_id == member.user_id()) known.groups.push_back(group.group_id());
    }
  }
  return warnings;
}

const KnownDevice* DeviceDirectory::Find(ByteView device_id) const {
  auto it = devices_.find(ToString(device_id));
  return it == devices_.end() ? nullptr : &it->second;
}

bool DeviceDirectory::IsMember(ByteView device_id, ByteView group_id) const {
  const KnownDevice* d = Find(device_id);
  return d != nullptr &&
         std::find(d->groups.begin(), d->groups.end(), ToString(group_id)) != d->groups.end();
}

}  // namespace weerbaar::client
