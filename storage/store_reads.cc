// The Store's reads: straight from the database, never from a batch in progress.
// A record past its deadline is absent from the exact millisecond of its deadline.
#include "storage/reads.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {

namespace {

// The second id of a `first|second` index key; false if the key is malformed.
bool SecondIdOf(std::string_view key, std::string_view* second) {
  keys::Reader reader(key);
  std::string_view skip;
  return reader.Id(&skip) && reader.Id(second);
}

}  // namespace

Result<Pairs> ScanPairs(View& view, Cf cf, const Id& first) {
  WB_RETURN_IF_ERROR(RequireIds({first}));
  Pairs out;
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.Scan(cf, keys::Ids({first}), {}, [&](auto key, auto plaintext) {
    std::string_view second;
    malformed = !SecondIdOf(key, &second);
    if (!malformed) out.emplace_back(Id(second), std::string(plaintext));
    return !malformed;
  }));
  if (malformed) return DataLoss("malformed index key");
  return out;
}

// The second ids of the live `first|second` index entries. Only keys are needed, so no
// value is decrypted: a group's member list for a push costs a key scan and an in-memory
// liveness check per member, not a data-key lookup and a decryption each.
Result<std::vector<Id>> SecondIds(View& view, Cf cf, const Id& first) {
  WB_RETURN_IF_ERROR(RequireIds({first}));
  std::vector<Id> ids;
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.ScanLiveKeys(cf, keys::Ids({first}), [&](std::string_view key) {
    std::string_view second;
    malformed = !SecondIdOf(key, &second);
    if (!malformed) ids.emplace_back(second);
    return !malformed;
  }));
  if (malformed) return DataLoss("malformed index key");
  return ids;
}

Result<std::vector<DeviceRecord>> ReadDevicesOfUser(View& view, const Id& user_id) {
  WB_ASSIGN_OR_RETURN(std::vector<Id> ids, SecondIds(view, Cf::kDevicesByUser, user_id));
  std::vector<DeviceRecord> devices;
  for (const Id& id : ids) {
    WB_ASSIGN_OR_RETURN(DeviceRecord device,
                        GetOne<DeviceRecord>(view, Cf::kDevices, id, "no such device"));
    devices.push_back(std::move(device));
  }
  return devices;
}

Result<std::vector<std::pair<CommunityRecord, Role>>> ReadCommunitiesOfUser(View& view,
                                                                            const Id& user_id) {
  WB_ASSIGN_OR_RETURN(Pairs pairs, ScanPairs(view, Cf::kUserCommunities, user_id));
  std::vector<std::pair<CommunityRecord, Role>> out;
  for (const auto& [community_id, plaintext] : pairs) {
    Role role;
    if (!Decode(plaintext, &role)) return DataLoss("stored role does not decode");
    WB_ASSIGN_OR_RETURN(
        CommunityRecord community,
        GetOne<CommunityRecord>(view, Cf::kCommunities, community_id, "no such community"));
    out.emplace_back(std::move(community), role);
  }
  return out;
}

Result<UserRecord> Store::GetUser(const Id& user_id) {
  return GetOne<UserRecord>(impl_->view(), Cf::kUsers, user_id, "no such user");
}

Result<DeviceRecord> Store::GetDevice(const Id& device_id) {
  return GetOne<DeviceRecord>(impl_->view(), Cf::kDevices, device_id, "no such device");
}

Result<std::vector<DeviceRecord>> Store::DevicesOfUser(const Id& user_id) {
  return ReadDevicesOfUser(impl_->view(), user_id);
}

Result<CommunityRecord> Store::GetCommunity(const Id& community_id) {
  return GetOne<CommunityRecord>(impl_->view(), Cf::kCommunities, community_id,
                                 "no such community");
}

Result<Role> Store::CommunityRole(const Id& community_id, const Id& user_id) {
  WB_RETURN_IF_ERROR(RequireIds({community_id, user_id}));
  WB_ASSIGN_OR_RETURN(
      std::optional<Role> role,
      GetRecord<Role>(impl_->view(), Cf::kCommunityMembers, keys::Ids({community_id, user_id})));
  return role.value_or(Role::kNone);
}

Result<std::vector<std::pair<CommunityRecord, Role>>> Store::CommunitiesOfUser(const Id& user_id) {
  return ReadCommunitiesOfUser(impl_->view(), user_id);
}

Result<std::vector<CommunityRecord>> Store::AllCommunities() {
  std::vector<CommunityRecord> out;
  bool malformed = false;
  WB_RETURN_IF_ERROR(impl_->view().Scan(Cf::kCommunities, {}, {}, [&](auto, auto plaintext) {
    malformed = !Decode(plaintext, &out.emplace_back());
    return !malformed;
  }));
  if (malformed) return DataLoss("stored community does not decode");
  return out;
}

Result<GroupRecord> Store::GetGroup(const Id& group_id) {
  return GetOne<GroupRecord>(impl_->view(), Cf::kGroups, group_id, "no such group");
}

Result<bool> Store::IsGroupMember(const Id& group_id, const Id& user_id) {
  WB_RETURN_IF_ERROR(RequireIds({group_id, user_id}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> member,
                      impl_->view().Get(Cf::kGroupMembers, keys::Ids({group_id, user_id})));
  return member.has_value();
}

Result<std::vector<Id>> Store::GroupMembers(const Id& group_id) {
  return SecondIds(impl_->view(), Cf::kGroupMembers, group_id);
}

Result<std::vector<Id>> Store::GroupsOfUser(const Id& user_id) {
  return SecondIds(impl_->view(), Cf::kUserGroups, user_id);
}

Result<std::vector<StoredMessage>> Store::ReadGroup(const Id& group_id, uint64_t after_seq,
                                                    size_t limit) {
  return ReadSeqs<StoredMessage>(impl_->view(), Cf::kMessages, group_id, after_seq, limit);
}

Result<StoredMessage> Store::GetMessage(const Id& group_id, uint64_t seq) {
  WB_RETURN_IF_ERROR(RequireIds({group_id}));
  WB_ASSIGN_OR_RETURN(
      std::optional<StoredMessage> message,
      GetRecord<StoredMessage>(impl_->view(), Cf::kMessages, keys::IdsSeq({group_id}, seq)));
  if (!message) return NotFound("no such message");
  return std::move(*message);
}

Result<std::vector<InboxEntry>> Store::ReadInbox(const Id& device_id, uint64_t after_seq,
                                                 size_t limit) {
  return ReadSeqs<InboxEntry>(impl_->view(), Cf::kInbox, device_id, after_seq, limit);
}

Result<uint64_t> Store::GetCursor(const Id& device_id, const Id& group_id) {
  WB_RETURN_IF_ERROR(RequireIds({device_id, group_id}));
  WB_ASSIGN_OR_RETURN(
      std::optional<uint64_t> seq,
      GetRecord<uint64_t>(impl_->view(), Cf::kCursors, keys::Ids({device_id, group_id})));
  return seq.value_or(0);
}

}  // namespace weerbaar::storage
