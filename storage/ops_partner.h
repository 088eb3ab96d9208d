// Write operations and helpers for partner channels and shares (docs/signals.md).
// Private to the storage library. See store.h for the contracts.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "storage/sealer.h"
#include "storage/store.h"
#include "storage/txn.h"

namespace weerbaar::storage {

Result<Done> ApplyCreateChannel(Txn& txn, const ChannelRecord& channel);
Result<Done> ApplySetChannelKey(Txn& txn, const Id& channel_id, const std::string& public_key);
Result<ShareRecord> ApplyAddShare(Txn& txn, const ShareRecord& share,
                                  const ConsentLedgerRecord& consent);
Result<ShareRecord> ApplyUpdateShare(Txn& txn, const Id& share_id,
                                     const Store::ShareMutation& mutate);
Result<WithdrawOutcome> ApplyWithdrawShare(Txn& txn, const ConsentLedgerRecord& withdrawal,
                                           const Id& actor);
// Part of an erasure: deletes every share the user made and destroys their data keys
// after the batch. Returns how many there were.
Result<uint64_t> EraseSharesOf(Txn& txn, const Id& user_id);
Result<std::string> ApplyTrendSecret(Txn& txn, const Id& channel_id, uint32_t period,
                                     int64_t expiry_ms);

// kNotFound if there is no such channel.
Result<ChannelRecord> LoadChannel(Txn& txn, const Id& channel_id);
Status PutChannel(Txn& txn, const ChannelRecord& channel);
// Adds the partner to the channel's member lists (both directions, under her key).
Status AddChannelMember(Txn& txn, const Id& channel_id, const Id& user_id);
// Writes the share with its indexes (share id, reporter, report) under one placement.
Status PutShare(Txn& txn, const ShareRecord& share, const Placement& placement);
// The placement a stored record was written with (same key, creation and expiry), so a
// rewrite keeps its data key and deadline. kNotFound if the record is absent.
Result<Placement> PlacementOf(Txn& txn, Cf cf, const std::string& key, DataClass data_class,
                              std::string subject);

}  // namespace weerbaar::storage
