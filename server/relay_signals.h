// Internal to the relay: the handlers of the signal-report and partner-channel requests
// (docs/signals.md). Same contract as the handlers in relay_core.h: each sends exactly one
// reply, after the store reported a write durable.
#pragma once

#include "server/relay_core.h"

namespace weerbaar::server {

void HandleCreateChannel(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetChannelKey(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleListChannels(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleGetTaxonomy(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetTaxonomy(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleListChannelPartners(RelayCore& core, ConnId id, const Caller& caller,
                               const Request& req);
void HandleShareReport(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleWithdrawConsent(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleListMyShares(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSyncChannel(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleSetShareStatus(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleAskQuestion(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleAnswerQuestion(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
// A partner's update for the report's group: any partner of the share's channel (not bound
// to may_ask_questions, like a status); stored in the thread and pushed to the reporter.
void HandlePostShareUpdate(RelayCore& core, ConnId id, const Caller& caller, const Request& req);
void HandleGetTrends(RelayCore& core, ConnId id, const Caller& caller, const Request& req);

// Whether the share may be served to a partner now: shown in the channel (not a trends-only
// share), its consent neither withdrawn nor expired (signals::CheckServable on every read).
bool Servable(RelayCore& core, const storage::ShareRecord& share);

// The taxonomy in force (EffectiveTaxonomy of the stored overrides), loaded on first use
// and replaced by SetTaxonomy. Stored overrides that no longer apply (a newer default
// dropped a category they remove) are logged and the default is used: it keeps the house
// rule, and cards of a category it lacks are refused, never let through.
Result<const signals::Taxonomy*> CurrentTaxonomy(RelayCore& core);

// Replies Ok to the request.
void ReplyOk(RelayCore& core, ConnId id, uint64_t request_id);
// Sends `frame` to every online device of the channel's partners / of one user.
void PushToChannel(RelayCore& core, const Id& channel_id, const Frame& frame);
void PushToUser(RelayCore& core, const Id& user_id, const Frame& frame);
// Tells the channel's partner devices that a share is gone (withdrawn, or its reporter
// erased): their clients delete the local copy (Art. 19).
void PushShareRetracted(RelayCore& core, const Id& share_id, const Id& channel_id);

}  // namespace weerbaar::server
