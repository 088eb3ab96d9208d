// Partner channels and shares: creation, keys, shares with their consent ledger entry.
#include "storage/ops_partner.h"

#include <algorithm>
#include <optional>

#include "crypto/primitives.h"
#include "storage/audit.h"
#include "storage/expiry_index.h"
#include "storage/keys.h"
#include "storage/ops.h"
#include "storage/records.h"

namespace weerbaar::storage {
namespace {

constexpr size_t kTrendSecretBytes = 32;

Status RequireAbsent(Txn& txn, Cf cf, const std::string& key, const char* what) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> existing, txn.GetRaw(cf, key));
  if (existing) return AlreadyExists(what);
  return Status::Ok();
}

// A share expires with its consent, or earlier by the partner-share retention.
Placement SharePlacement(Txn& txn, const ShareRecord& share) {
  const int64_t retention = txn.ExpiryFor({}, DataClass::kPartnerShare);
  return Placement{DataClass::kPartnerShare,
                   {},
                   ShareSubject(share.share_id),
                   std::min(share.consent_expires_at_ms, retention)};
}

std::string ShareKey(const ShareRecord& share) {
  return keys::IdsSeq({share.channel_id}, share.seq);
}

}  // namespace

Result<ChannelRecord> LoadChannel(Txn& txn, const Id& channel_id) {
  WB_ASSIGN_OR_RETURN(std::optional<ChannelRecord> channel,
                      GetRecord<ChannelRecord>(txn, Cf::kChannels, keys::Ids({channel_id})));
  if (!channel) return NotFound("no such channel");
  return std::move(*channel);
}

Status PutChannel(Txn& txn, const ChannelRecord& channel) {
  return txn.Put(Cf::kChannels, keys::Ids({channel.channel_id}), Encode(channel),
                 Kept(DataClass::kMembership));
}

Status AddChannelMember(Txn& txn, const Id& channel_id, const Id& user_id) {
  const Placement placement = Kept(DataClass::kMembership, user_id);
  WB_RETURN_IF_ERROR(txn.Put(Cf::kChannelMembers, keys::Ids({channel_id, user_id}), "", placement));
  return txn.Put(Cf::kUserChannels, keys::Ids({user_id, channel_id}), "", placement);
}

Status PutShare(Txn& txn, const ShareRecord& share, const Placement& placement) {
  const std::string key = ShareKey(share);
  return PutIndexed(
      txn, placement, {Cf::kShares, key, Encode(share)},
      {{Cf::kShareIds, keys::Ids({share.share_id}), key},
       {Cf::kUserShares, keys::Ids({share.reporter_user, share.share_id}), key},
       {Cf::kSharesByReport, keys::Ids({share.report_id, share.channel_id}), share.share_id}});
}

Result<Placement> PlacementOf(Txn& txn, Cf cf, const std::string& key, DataClass data_class,
                              std::string subject) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.GetRaw(cf, key));
  if (!stored) return NotFound("record is gone");
  std::optional<SealHeader> header = ParseSealHeader(*stored);
  if (!header) return DataLoss("stored value is malformed");
  return Placement{data_class, {}, std::move(subject), header->expiry_ms, header->created_ms};
}

Result<Done> ApplyCreateChannel(Txn& txn, const ChannelRecord& channel) {
  WB_RETURN_IF_ERROR(RequireIds({channel.channel_id, channel.community_id}));
  WB_RETURN_IF_ERROR(
      RequireAbsent(txn, Cf::kChannels, keys::Ids({channel.channel_id}), "channel id in use"));
  WB_ASSIGN_OR_RETURN(std::optional<std::string> community,
                      txn.Get(Cf::kCommunities, keys::Ids({channel.community_id})));
  if (!community) return NotFound("no such community");
  ChannelRecord stored = channel;
  stored.last_seq = 0;
  if (stored.created_ms == 0) stored.created_ms = txn.now_ms();
  WB_RETURN_IF_ERROR(PutChannel(txn, stored));
  WB_RETURN_IF_ERROR(txn.Put(Cf::kCommunityChannels,
                             keys::Ids({channel.community_id, channel.channel_id}), "",
                             Kept(DataClass::kMembership)));
  return Done{};
}

Result<Done> ApplySetChannelKey(Txn& txn, const Id& channel_id, const std::string& public_key) {
  WB_RETURN_IF_ERROR(RequireIds({channel_id}));
  if (public_key.empty()) return InvalidArgument("empty channel key");
  WB_ASSIGN_OR_RETURN(ChannelRecord channel, LoadChannel(txn, channel_id));
  if (!channel.public_key.empty()) return AlreadyExists("channel key is set");
  channel.public_key = public_key;
  WB_RETURN_IF_ERROR(PutChannel(txn, channel));
  return Done{};
}

Result<ShareRecord> ApplyAddShare(Txn& txn, const ShareRecord& share,
                                  const ConsentLedgerRecord& consent) {
  WB_RETURN_IF_ERROR(RequireIds(
      {share.share_id, share.channel_id, share.report_id, share.reporter_user, consent.device_id}));
  const std::string ledger_key = keys::Ids({share.report_id, share.channel_id});
  WB_RETURN_IF_ERROR(RequireAbsent(txn, Cf::kConsents, ledger_key, "report shared before"));
  WB_RETURN_IF_ERROR(
      RequireAbsent(txn, Cf::kShareIds, keys::Ids({share.share_id}), "share id in use"));
  WB_ASSIGN_OR_RETURN(ChannelRecord channel, LoadChannel(txn, share.channel_id));
  ShareRecord stored = share;
  stored.seq = ++channel.last_seq;
  stored.created_ms = txn.now_ms();
  WB_RETURN_IF_ERROR(PutChannel(txn, channel));
  WB_RETURN_IF_ERROR(PutShare(txn, stored, SharePlacement(txn, stored)));
  ConsentLedgerRecord ledger = consent;
  ledger.report_id = share.report_id;
  ledger.channel_id = share.channel_id;
  ledger.user_id = share.reporter_user;
  ledger.share_id = share.share_id;
  ledger.received_ms = txn.now_ms();
  const Placement placement = Limited(txn, DataClass::kConsentRecord, {}, share.reporter_user);
  WB_RETURN_IF_ERROR(PutIndexed(txn, placement, {Cf::kConsents, ledger_key, Encode(ledger)}));
  WB_RETURN_IF_ERROR(
      ApplyAppendAudit(txn, {AuditAction::kShare, share.reporter_user, share.channel_id, "share"})
          .status());
  return stored;
}

Result<std::string> ApplyTrendSecret(Txn& txn, const Id& channel_id, uint32_t period,
                                     int64_t expiry_ms) {
  WB_RETURN_IF_ERROR(RequireIds({channel_id}));
  const std::string key = keys::IdsSeq({channel_id}, period);
  WB_ASSIGN_OR_RETURN(std::optional<std::string> secret, txn.Get(Cf::kTrendSecrets, key));
  if (secret) return std::move(*secret);
  if (expiry_ms <= txn.now_ms()) return InvalidArgument("trend period is over");
  std::string fresh = ToString(crypto::RandomBytes(kTrendSecretBytes));
  const Placement placement{DataClass::kSystem, {}, {}, expiry_ms};
  WB_RETURN_IF_ERROR(PutIndexed(txn, placement, {Cf::kTrendSecrets, key, fresh}));
  return fresh;
}

}  // namespace weerbaar::storage
