#include "storage/store.h"

#include "storage/log.h"
#include "storage/ops.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {

Result<std::unique_ptr<Store>> Store::Open(Options options) {
  WB_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, Impl::Open(std::move(options)));
  Logger()->info("store open");
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::string& Store::server_id() const { return impl_->server_id(); }
Store::Stats Store::stats() const { return impl_->stats(); }
void Store::SetWriteFailureHandler(std::function<void(const Status&)> handler) {
  impl_->committer().SetFailureHandler(std::move(handler));
}
Status Store::Flush() { return impl_->db().Flush(); }
Status Store::Checkpoint(const std::string& dir) { return impl_->db().Checkpoint(dir); }

void Store::Register(RegisterRequest req, Callback<RegisterOutcome> done) {
  impl_->Submit<RegisterOutcome>(
      [req = std::move(req)](Txn& txn) { return ApplyRegister(txn, req); }, std::move(done));
}

void Store::CreateInvite(InviteRecord invite, Callback<Done> done) {
  impl_->Submit<Done>(
      [invite = std::move(invite)](Txn& txn) { return ApplyCreateInvite(txn, invite); },
      std::move(done));
}

void Store::CreateCommunity(CommunityRecord community, Callback<Done> done) {
  impl_->Submit<Done>(
      [community = std::move(community)](Txn& txn) { return ApplyCreateCommunity(txn, community); },
      std::move(done));
}

void Store::SetCommunityArea(Id community_id, std::string area, Id actor, Callback<Done> done) {
  impl_->Submit<Done>(
      [community_id = std::move(community_id), area = std::move(area), actor = std::move(actor)](
          Txn& txn) { return ApplySetCommunityArea(txn, community_id, area, actor); },
      std::move(done));
}

void Store::CreateGroup(GroupRecord group, Id creator, Callback<Done> done) {
  impl_->Submit<Done>([group = std::move(group), creator = std::move(creator)](
                          Txn& txn) { return ApplyCreateGroup(txn, group, creator); },
                      std::move(done));
}

void Store::RemoveMember(Id group_id, Id user_id, Callback<uint64_t> done) {
  impl_->Submit<uint64_t>([group_id = std::move(group_id), user_id = std::move(user_id)](
                              Txn& txn) { return ApplyRemoveMember(txn, group_id, user_id); },
                          std::move(done));
}

void Store::AppendGroupMessage(NewGroupMessage msg, Callback<AppendResult> done) {
  impl_->Submit<AppendResult>(
      [msg = std::move(msg)](Txn& txn) { return ApplyAppendGroupMessage(txn, msg); },
      std::move(done));
}

void Store::AppendInbox(std::vector<NewInboxMessage> msgs, Callback<std::vector<InboxEntry>> done) {
  impl_->Submit<std::vector<InboxEntry>>(
      [msgs = std::move(msgs)](Txn& txn) { return ApplyAppendInbox(txn, msgs); }, std::move(done));
}

void Store::AckInbox(Id device_id, uint64_t up_to_seq, Callback<Done> done) {
  impl_->Submit<Done>([device_id = std::move(device_id),
                       up_to_seq](Txn& txn) { return ApplyAckInbox(txn, device_id, up_to_seq); },
                      std::move(done));
}

void Store::SetCursor(Id device_id, Id group_id, uint64_t seq, Callback<Done> done) {
  impl_->Submit<Done>([device_id = std::move(device_id), group_id = std::move(group_id),
                       seq](Txn& txn) { return ApplySetCursor(txn, device_id, group_id, seq); },
                      std::move(done));
}

}  // namespace weerbaar::storage
