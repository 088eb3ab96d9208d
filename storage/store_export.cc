// ExportUser (Art. 15/20): everything the store holds about one user, from one snapshot
// judged at one instant.
#include <algorithm>
#include <limits>
#include <tuple>

#include "storage/audit.h"
#include "storage/reads.h"
#include "storage/retention_rules.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {
namespace {

class Snapshot {
 public:
  explicit Snapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~Snapshot() { db_->ReleaseSnapshot(snapshot_); }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

// The group messages a device sent that are still held: its dedup records name them.
Status ExportSent(View& view, const Id& device, UserExport& out) {
  std::vector<std::pair<Id, uint64_t>> sent;
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.Scan(Cf::kMsgIds, keys::Ids({device}), {}, [&](auto key, auto plain) {
    keys::Reader reader(key);
    std::string_view skip, group;
    uint64_t seq = 0;
    malformed = !reader.Id(&skip) || !reader.Id(&group) || !Decode(plain, &seq);
    if (!malformed) sent.emplace_back(Id(group), seq);
    return !malformed;
  }));
  if (malformed) return DataLoss("malformed dedup record");
  for (const auto& [group, seq] : sent) {
    WB_ASSIGN_OR_RETURN(std::optional<StoredMessage> message,
                        GetRecord<StoredMessage>(view, Cf::kMessages, keys::IdsSeq({group}, seq)));
    if (message) out.messages.push_back(std::move(*message));
  }
  return Status::Ok();
}

Status ExportDevice(View& view, const Id& device, UserExport& out) {
  WB_RETURN_IF_ERROR(ExportSent(view, device, out));
  WB_ASSIGN_OR_RETURN(
      std::vector<InboxEntry> inbox,
      ReadSeqs<InboxEntry>(view, Cf::kInbox, device, 0, std::numeric_limits<size_t>::max()));
  std::move(inbox.begin(), inbox.end(), std::back_inserter(out.inbox));
  WB_ASSIGN_OR_RETURN(Pairs cursors, ScanPairs(view, Cf::kCursors, device));
  for (const auto& [group, plaintext] : cursors) {
    Cursor cursor{device, group, 0};
    if (!Decode(plaintext, &cursor.seq)) return DataLoss("stored cursor does not decode");
    out.cursors.push_back(std::move(cursor));
  }
  return Status::Ok();
}

Status ExportGroups(View& view, const Id& user_id, UserExport& out) {
  WB_ASSIGN_OR_RETURN(std::vector<Id> groups, SecondIds(view, Cf::kUserGroups, user_id));
  for (const Id& group_id : groups) {
    WB_ASSIGN_OR_RETURN(GroupRecord group,
                        GetOne<GroupRecord>(view, Cf::kGroups, group_id, "no such group"));
    out.groups.push_back(std::move(group));
  }
  return Status::Ok();
}

Status ExportInvites(View& view, const Id& user_id, UserExport& out) {
  bool malformed = false;
  WB_RETURN_IF_ERROR(view.Scan(Cf::kInvites, {}, {}, [&](auto, auto plaintext) {
    InviteRecord invite;
    malformed = !Decode(plaintext, &invite);
    if (!malformed && invite.created_by == user_id) out.invites.push_back(std::move(invite));
    return !malformed;
  }));
  if (malformed) return DataLoss("stored invite does not decode");
  return Status::Ok();
}

void ExportRetention(const Retention& retention, UserExport& out) {
  for (DataClass data_class : kAllDataClasses) {
    out.retention.push_back(retention.Effective({}, data_class));
    if (!RulesOf(data_class)->community_choice) continue;
    for (const auto& [community, role] : out.communities) {
      out.retention.push_back(retention.Effective(community.community_id, data_class));
    }
  }
}

Status ExportAudit(View& view, const std::string& pseudonym, UserExport& out) {
  WB_ASSIGN_OR_RETURN(std::vector<AuditEntry> entries,
                      ReadAuditEntries(view, 1, std::numeric_limits<size_t>::max()));
  for (AuditEntry& entry : entries) {
    if (entry.actor == pseudonym || entry.subject == pseudonym) {
      out.audit.push_back(std::move(entry));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<UserExport> Store::ExportUser(const Id& user_id) {
  Snapshot snapshot(impl_->db().db());
  View view(impl_->engine(), snapshot.get(), impl_->engine().clock.NowMillis());
  UserExport out;
  out.exported_ms = view.now_ms();
  WB_ASSIGN_OR_RETURN(out.user, GetOne<UserRecord>(view, Cf::kUsers, user_id, "no such user"));
  WB_ASSIGN_OR_RETURN(out.devices, ReadDevicesOfUser(view, user_id));
  WB_ASSIGN_OR_RETURN(out.communities, ReadCommunitiesOfUser(view, user_id));
  WB_RETURN_IF_ERROR(ExportGroups(view, user_id, out));
  for (const DeviceRecord& device : out.devices) {
    WB_RETURN_IF_ERROR(ExportDevice(view, device.device_id, out));
  }
  std::sort(out.messages.begin(), out.messages.end(), [](const auto& a, const auto& b) {
    return std::tie(a.group_id, a.seq) < std::tie(b.group_id, b.seq);
  });
  WB_RETURN_IF_ERROR(ExportInvites(view, user_id, out));
  ExportRetention(impl_->retention(), out);
  WB_RETURN_IF_ERROR(ExportAudit(view, Pseudonym(user_id), out));
  return out;
}

}  // namespace weerbaar::storage
