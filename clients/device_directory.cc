#include "clients/device_directory.h"

#include <algorithm>

#include "clients/group_crypto.h"

namespace weerbaar::client {

namespace {

bool Has(const std::vector<std::string>& ids, ByteView id) {
  return std::find(ids.begin(), ids.end(), ToString(id)) != ids.end();
}

}  // namespace

std::vector<std::string> DeviceDirectory::AddGroup(const v1::GroupInfo& group) {
  return Add(group.members(), group.group_id(), &KnownDevice::groups);
}

std::vector<std::string> DeviceDirectory::AddPartners(const v1::ChannelPartners& partners) {
  return Add(partners.partners(), partners.channel_id(), &KnownDevice::channels);
}

std::vector<std::string> DeviceDirectory::Add(
    const google::protobuf::RepeatedPtrField<v1::Member>& members, const std::string& id,
    IdList list) {
  std::vector<std::string> warnings;
  for (const v1::Member& member : members) {
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
      if (known.user_id == member.user_id()) (known.*list).push_back(id);
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
  return d != nullptr && Has(d->groups, group_id);
}

bool DeviceDirectory::IsPartner(ByteView device_id, ByteView channel_id) const {
  const KnownDevice* d = Find(device_id);
  return d != nullptr && Has(d->channels, channel_id);
}

}  // namespace weerbaar::client
