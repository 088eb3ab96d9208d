#include "storage/store.h"

#include "crypto/primitives.h"
#include "storage/log.h"
#include "storage/ops.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kServerIdKey = "server-id";
constexpr size_t kServerIdBytes = 32;

CommitterOptions CommitterOptionsOf(const Options& options) {
  return {std::max<size_t>(options.max_commit_batch, 1), options.max_queued_writes,
          options.sync_writes};
}

}  // namespace

Store::Impl::Impl(Options options, std::unique_ptr<Db> db, std::unique_ptr<DataKeys> keys)
    : options_(std::move(options)),
      db_(std::move(db)),
      keys_(std::move(keys)),
      sealer_(*keys_),
      view_(*db_, sealer_),
      committer_(std::make_unique<Committer>(*db_, sealer_, *options_.clock,
                                             CommitterOptionsOf(options_))) {}

Status Store::Impl::LoadServerId() {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, view_.Get(Cf::kMeta, kServerIdKey));
  if (stored) {
    if (stored->size() != kServerIdBytes) return DataLoss("stored server id is malformed");
    server_id_ = std::move(*stored);
    return Status::Ok();
  }
  std::string id = ToString(crypto::RandomBytes(kServerIdBytes));
  WB_ASSIGN_OR_RETURN(std::string sealed,
                      sealer_.Seal(Cf::kMeta, kServerIdKey, id, options_.clock->NowMillis()));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  WB_RETURN_IF_ERROR(
      FromRocks(db_->db()->Put(sync, db_->cf(Cf::kMeta), kServerIdKey, sealed), "store server id"));
  server_id_ = std::move(id);
  return Status::Ok();
}

Result<std::unique_ptr<Store>> Store::Open(Options options) {
  if (options.clock == nullptr) return InvalidArgument("store needs a clock");
  WB_RETURN_IF_ERROR(crypto::Init());
  WB_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(options.path, options.block_cache_bytes));
  WB_ASSIGN_OR_RETURN(std::unique_ptr<DataKeys> keys, DataKeys::Open(*db, options.master_key));
  auto impl = std::make_unique<Impl>(std::move(options), std::move(db), std::move(keys));
  WB_RETURN_IF_ERROR(impl->LoadServerId());
  Logger()->info("store open");
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::string& Store::server_id() const { return impl_->server_id(); }
Store::Stats Store::stats() const { return impl_->stats(); }
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
