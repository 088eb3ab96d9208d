// The taxonomy: what clients classify and share with (GetTaxonomy), and the admin's
// overrides of the compiled-in default (SetTaxonomy), which must keep the house rule and
// every channel's policy valid.
#include "server/log.h"
#include "server/relay_core.h"
#include "server/relay_signals.h"
#include "server/signal_wire.h"

namespace weerbaar::server {
namespace {

// OK if every channel's policy is valid under `taxonomy` (none accepts a category it no
// longer has); kFailedPrecondition otherwise.
Status ChannelsStayValid(RelayCore& core, const signals::Taxonomy& taxonomy) {
  WB_ASSIGN_OR_RETURN(std::vector<storage::CommunityRecord> communities,
                      core.store.AllCommunities());
  for (const storage::CommunityRecord& community : communities) {
    WB_ASSIGN_OR_RETURN(auto channels, core.store.ChannelsOfCommunity(community.community_id));
    for (const storage::ChannelRecord& channel : channels)
      if (!signals::ValidatePolicy(PolicyOf(channel), taxonomy).ok())
        return FailedPrecondition("a channel accepts a category the change removes");
  }
  return Status::Ok();
}

}  // namespace

Result<const signals::Taxonomy*> CurrentTaxonomy(RelayCore& core) {
  if (core.taxonomy) return core.taxonomy.get();
  WB_ASSIGN_OR_RETURN(std::optional<std::string> stored, core.store.TaxonomyOverrides());
  Result<signals::Taxonomy> effective = EffectiveTaxonomy(stored);
  if (!effective.ok() && stored) {
    Log().error("stored taxonomy overrides do not apply ({}); using the default",
                effective.status().ToString());
    effective = EffectiveTaxonomy(std::nullopt);
  }
  if (!effective.ok()) return effective.status();
  core.taxonomy = std::make_shared<const signals::Taxonomy>(std::move(*effective));
  return core.taxonomy.get();
}

void HandleGetTaxonomy(RelayCore& core, ConnId id, const Caller&, const Request& req) {
  Result<const signals::Taxonomy*> taxonomy = CurrentTaxonomy(core);
  if (!taxonomy.ok()) return core.FailStatus(id, req.request_id(), taxonomy.status());
  v1::ServerMessage reply;
  reply.mutable_taxonomy_json()->set_json((*taxonomy)->ToJson());
  core.Reply(id, req.request_id(), std::move(reply));
}

void HandleSetTaxonomy(RelayCore& core, ConnId id, const Caller& caller, const Request& req) {
  const uint64_t rid = req.request_id();
  if (!caller.is_admin) return core.Fail(id, rid, v1::PERMISSION_DENIED);
  const std::string& json = req.set_taxonomy().overrides_json();
  Result<signals::Taxonomy> next = EffectiveTaxonomy(json);
  // The house rule (kFailedPrecondition) and an unknown removed id are the admin's error.
  if (!next.ok()) return core.Fail(id, rid, v1::BAD_REQUEST);
  Status channels = ChannelsStayValid(core, *next);
  if (!channels.ok()) return core.FailStatus(id, rid, channels);
  auto shared = std::make_shared<const signals::Taxonomy>(std::move(*next));
  core.store.SetTaxonomyOverrides(json, caller.user_id,
                                  core.OnDurable<storage::Done>([&core, id, rid, shared](auto r) {
                                    if (!r.ok()) return core.FailStatus(id, rid, r.status());
                                    core.taxonomy = shared;
                                    ReplyOk(core, id, rid);
                                  }));
}

}  // namespace weerbaar::server
