// A user's own account: erasure (Art. 17) and export (Art. 15 and 20).
#include <utility>
#include <vector>

#include "protocol/codec.h"
#include "server/export_json.h"
#include "server/log.h"
#include "server/relay_core.h"
#include "server/relay_signals.h"
#include "server/wire_retention.h"

namespace weerbaar::server {
namespace {

// (share id, channel id) of each share of the user, read before her erasure deletes them.
using ShareRefs = std::vector<std::pair<Id, Id>>;

// The erasure is durable: answer with the receipt, tell the groups she left to rotate and
// the partners of her shares to delete their copies, and end every connection of hers
// (the account they authenticated is gone).
void FinishErasure(RelayCore& core, ConnId id, uint64_t rid, const Id& user_id,
                   const storage::ErasureReceipt& receipt, const ShareRefs& shares) {
  v1::ServerMessage reply;
  ReceiptToWire(receipt, reply.mutable_erasure_receipt());
  core.Reply(id, rid, std::move(reply));
  for (const storage::GroupEpoch& g : receipt.changed_groups)
    core.PushGroupChanged(g.group_id, g.epoch);
  for (const auto& [share_id, channel_id] : shares) PushShareRetracted(core, share_id, channel_id);
  v1::ServerMessage push;
  push.mutable_push_account_erased()->set_erased_at_ms(static_cast<uint64_t>(receipt.erased_ms));
  core.CloseUser(user_id, EncodeFrame(push), protocol::close_code::kNormal);
  Log().info("account erased: {} devices, {} messages, {} groups changed", receipt.devices,
             receipt.messages, receipt.changed_groups.size());
  if (core.sweep_soon) core.sweep_soon();
}

// An export as built on the background worker.
struct ExportRead {
  std::string json;
  int64_t exported_ms = 0;
};

// Reads all of the user's records and builds the JSON: on the background worker, never on
// the relay's thread.
Result<ExportRead> ReadExport(storage::Store& store, const Id& user_id) {
  WB_ASSIGN_OR_RETURN(storage::UserExport data, store.ExportUser(user_id));
  WB_ASSIGN_OR_RETURN(std::vector<storage::ShareRecord> shares, store.SharesOfUser(user_id));
  return ExportRead{ExportJson(data, shares, store.server_id()), data.exported_ms};
}

// Back on the relay's thread: puts the export on the record (Art. 30) and answers once that
// is durable, never before. A connection that closed meanwhile (her erasure closes it too)
// gets nothing, so nothing is on the record.
void SendExport(RelayCore& core, ConnId id, uint64_t rid, const Id& user_id, ExportRead read) {
  Peer* peer = core.Find(id);
  if (peer == nullptr || peer->state == PeerState::kClosing) return;
  if (read.json.size() > core.config.max_export_bytes) return core.Fail(id, rid, v1::TOO_LARGE);
  v1::ServerMessage reply;
  v1::AccountExport* out = reply.mutable_account_export();
  out->set_json(std::move(read.json));
  out->set_exported_at_ms(static_cast<uint64_t>(read.exported_ms));
  storage::AuditEvent event{storage::AuditAction::kExport, user_id, user_id, "account export"};
  core.store.AppendAudit(std::move(event), ReplyWhenDurable<uint64_t>(core, id, rid, reply));
}

}  // namespace

void HandleEraseAccount(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  // Only ever the caller herself: the request names no one (the codec checked confirm).
  uint64_t rid = req.request_id();
  Id user_id = caller.user_id;
  Result<std::vector<storage::ShareRecord>> held = core.store.SharesOfUser(user_id);
  if (!held.ok()) return core.FailStatus(id, rid, held.status());
  ShareRefs shares;
  for (const storage::ShareRecord& s : *held) shares.emplace_back(s.share_id, s.channel_id);
  core.store.EraseUser(user_id, user_id,
                       core.OnDurable<storage::ErasureReceipt>(
                           [&core, id, rid, user_id, shares](Result<storage::ErasureReceipt> r) {
                             if (!r.ok()) return core.FailStatus(id, rid, r.status());
                             FinishErasure(core, id, rid, user_id, *r, shares);
                           }));
}

void HandleExportAccount(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  uint64_t rid = req.request_id();
  Id user_id = caller.user_id;
  ReadInBackground<ExportRead>(
      core, id, rid, [store = &core.store, user_id] { return ReadExport(*store, user_id); },
      [&core, id, rid, user_id](Result<ExportRead> r) {
        if (!r.ok()) return core.FailStatus(id, rid, r.status());
        SendExport(core, id, rid, user_id, std::move(*r));
      });
}

}  // namespace weerbaar::server
