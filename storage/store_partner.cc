// The Store's partner-channel and share operations: write wrappers and reads.
#include "storage/ops_partner.h"
#include "storage/reads.h"
#include "storage/store_impl.h"

namespace weerbaar::storage {
namespace {

// The live shares stored at these keys (channel|seq); gone ones are skipped.
Result<std::vector<ShareRecord>> SharesAt(View& view, const std::vector<std::string>& keys) {
  std::vector<ShareRecord> out;
  for (const std::string& key : keys) {
    WB_ASSIGN_OR_RETURN(std::optional<ShareRecord> share,
                        GetRecord<ShareRecord>(view, Cf::kShares, key));
    if (share) out.push_back(std::move(*share));
  }
  return out;
}

}  // namespace

void Store::CreateChannel(ChannelRecord channel, Callback<Done> done) {
  impl_->Submit<Done>(
      [channel = std::move(channel)](Txn& txn) { return ApplyCreateChannel(txn, channel); },
      std::move(done));
}

void Store::SetChannelKey(Id channel_id, std::string public_key, Callback<Done> done) {
  impl_->Submit<Done>([channel_id = std::move(channel_id), public_key = std::move(public_key)](
                          Txn& txn) { return ApplySetChannelKey(txn, channel_id, public_key); },
                      std::move(done));
}

void Store::AddShare(ShareRecord share, ConsentLedgerRecord consent, Callback<ShareRecord> done) {
  impl_->Submit<ShareRecord>([share = std::move(share), consent = std::move(consent)](
                                 Txn& txn) { return ApplyAddShare(txn, share, consent); },
                             std::move(done));
}

void Store::UpdateShare(Id share_id, ShareMutation mutate, Callback<ShareRecord> done) {
  impl_->Submit<ShareRecord>([share_id = std::move(share_id), mutate = std::move(mutate)](
                                 Txn& txn) { return ApplyUpdateShare(txn, share_id, mutate); },
                             std::move(done));
}

void Store::WithdrawShare(Id report_id, Id channel_id, std::string withdrawal,
                          std::string signature, Id actor, Callback<WithdrawOutcome> done) {
  ConsentLedgerRecord w;
  w.report_id = std::move(report_id);
  w.channel_id = std::move(channel_id);
  w.withdrawal = std::move(withdrawal);
  w.withdrawal_signature = std::move(signature);
  impl_->Submit<WithdrawOutcome>([w = std::move(w), actor = std::move(actor)](
                                     Txn& txn) { return ApplyWithdrawShare(txn, w, actor); },
                                 std::move(done));
}

void Store::TrendSecret(Id channel_id, uint32_t period, int64_t expiry_ms,
                        Callback<std::string> done) {
  impl_->Submit<std::string>(
      [channel_id = std::move(channel_id), period, expiry_ms](Txn& txn) {
        return ApplyTrendSecret(txn, channel_id, period, expiry_ms);
      },
      std::move(done));
}

Result<ChannelRecord> Store::GetChannel(const Id& channel_id) {
  return GetOne<ChannelRecord>(impl_->view(), Cf::kChannels, channel_id, "no such channel");
}

Result<std::vector<ChannelRecord>> Store::ChannelsOfCommunity(const Id& community_id) {
  WB_ASSIGN_OR_RETURN(std::vector<Id> ids,
                      SecondIds(impl_->view(), Cf::kCommunityChannels, community_id));
  std::vector<ChannelRecord> out;
  for (const Id& id : ids) {
    WB_ASSIGN_OR_RETURN(ChannelRecord channel, GetChannel(id));
    out.push_back(std::move(channel));
  }
  return out;
}

Result<bool> Store::IsChannelMember(const Id& channel_id, const Id& user_id) {
  WB_RETURN_IF_ERROR(RequireIds({channel_id, user_id}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> row,
                      impl_->view().Get(Cf::kChannelMembers, keys::Ids({channel_id, user_id})));
  return row.has_value();
}

Result<std::vector<Id>> Store::ChannelMembers(const Id& channel_id) {
  return SecondIds(impl_->view(), Cf::kChannelMembers, channel_id);
}

Result<ShareRecord> Store::GetShare(const Id& share_id) {
  WB_RETURN_IF_ERROR(RequireIds({share_id}));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> key,
                      impl_->view().Get(Cf::kShareIds, keys::Ids({share_id})));
  if (!key) return NotFound("no such share");
  WB_ASSIGN_OR_RETURN(std::vector<ShareRecord> found, SharesAt(impl_->view(), {*key}));
  if (found.empty()) return NotFound("no such share");
  return std::move(found.front());
}

Result<std::vector<ShareRecord>> Store::ReadChannelShares(const Id& channel_id, uint64_t after_seq,
                                                          size_t limit) {
  return ReadSeqs<ShareRecord>(impl_->view(), Cf::kShares, channel_id, after_seq, limit);
}

Result<std::vector<ShareRecord>> Store::SharesOfUser(const Id& user_id) {
  WB_ASSIGN_OR_RETURN(Pairs pairs, ScanPairs(impl_->view(), Cf::kUserShares, user_id));
  std::vector<std::string> keys;
  for (auto& [share_id, key] : pairs) keys.push_back(std::move(key));
  return SharesAt(impl_->view(), keys);
}

Result<ConsentLedgerRecord> Store::GetConsent(const Id& report_id, const Id& channel_id) {
  WB_RETURN_IF_ERROR(RequireIds({report_id, channel_id}));
  WB_ASSIGN_OR_RETURN(std::optional<ConsentLedgerRecord> ledger,
                      GetRecord<ConsentLedgerRecord>(impl_->view(), Cf::kConsents,
                                                     keys::Ids({report_id, channel_id})));
  if (!ledger) return NotFound("no such consent");
  return std::move(*ledger);
}

}  // namespace weerbaar::storage
