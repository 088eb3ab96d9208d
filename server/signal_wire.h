// Conversions for the signal-report messages: wire <-> the store's channel and share
// records <-> the signals library's policy, card and partner view.
#pragma once

#include "common/status.h"
#include "signals/privacy_filter.h"
#include "signals/share.h"
#include "signals/share_status.h"
#include "signals/taxonomy.h"
#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

// The taxonomy the server checks policies and cards against: the compiled-in default with
// the admin's overrides (weerbaar-taxonomy-overrides/v1 JSON) applied, if any. The errors
// of ParseTaxonomyOverrides and ApplyOverrides; kInternal if the default does not load.
Result<signals::Taxonomy> EffectiveTaxonomy(const std::optional<std::string>& overrides_json);

// Fills the policy fields of `out` from the wire.
void PolicyFromWire(const v1::ChannelPolicy& in, storage::ChannelRecord* out);
signals::ChannelPolicy PolicyOf(const storage::ChannelRecord& channel);
void ChannelToWire(const storage::ChannelRecord& in, v1::ChannelInfo* out);

// The card as the client sent it; every protobuf field this server does not know goes
// into `extra` (by field number), so the privacy filter refuses it.
signals::CardInput CardFromWire(const v1::SignalCardInput& in);
signals::ShareRequest ShareRequestFromWire(const v1::ShareReport& in);

// The share as the store keeps it: the admitted view plus routing and trends.
storage::ShareRecord ShareFromView(const signals::PartnerView& view, const storage::Id& share_id,
                                   const storage::Id& channel_id, const storage::Id& reporter);
// The partner view of a stored share (for CheckServable).
signals::PartnerView ViewOf(const storage::ShareRecord& share);
// What the partner sees: never the reporter or the trend key.
void ShareToWire(const storage::ShareRecord& in, v1::ChannelShare* out);
void ThreadToWire(const storage::ShareRecord& share, const storage::ShareThreadEntry& entry,
                  v1::ShareThreadEntry* out);
v1::ShareStatus StatusToWire(uint8_t status);

}  // namespace weerbaar::server
