// DeviceDirectory: the verified public keys of the devices in this user's groups (from
// GetGroup replies) and of the partners of the channels it waits for a key of (from
// ChannelPartners replies). Used to open pairwise boxes from other devices. No I/O.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

struct KnownDevice {
  std::string user_id;
  v1::DeviceInfo info;                // keys checked with VerifyDeviceKeys
  std::vector<std::string> groups;    // ids of the groups it is a member device of
  std::vector<std::string> channels;  // ids of the channels it is a partner device of
};

class DeviceDirectory {
 public:
  // Adds the devices of every member of `group`. A device whose keys do not verify is
  // left out; one warning per such device is returned (no raw ids in it).
  std::vector<std::string> AddGroup(const v1::GroupInfo& group);
  // The same for the partners of a channel.
  std::vector<std::string> AddPartners(const v1::ChannelPartners& partners);

  // The device with this id, or nullptr if no added group has it.
  const KnownDevice* Find(ByteView device_id) const;
  // True if the device belongs to a member of the group (as of the added GroupInfo).
  bool IsMember(ByteView device_id, ByteView group_id) const;
  // True if the device belongs to a partner of the channel (as of the added partners).
  bool IsPartner(ByteView device_id, ByteView channel_id) const;

 private:
  using IdList = std::vector<std::string> KnownDevice::*;
  std::vector<std::string> Add(const google::protobuf::RepeatedPtrField<v1::Member>& members,
                               const std::string& id, IdList list);

  std::map<std::string, KnownDevice> devices_;
};

}  // namespace weerbaar::client
