// Authorisation rules as plain functions: deny unless a rule below allows.
//
// The relay reads the caller's standing from the store for each request, then asks one of
// these. They take no clock, store or socket, so they are tested as tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.h"

namespace weerbaar::server {

// The caller's standing towards one community, or towards a group and its community.
struct Standing {
  bool is_admin = false;                                // installation admin
  storage::Role community_role = storage::Role::kNone;  // role in the (group's) community
  bool group_member = false;                            // member of the group, if any
};

// Admins only.
bool MayCreateCommunity(const Standing& s);
// Admins and leaders of the community.
bool MayCreateGroup(const Standing& s);
// kAdmin: admins. kCommunity: admins for a resident, leader or partner; leaders of the
// community for a resident. kGroup: admins and leaders of the group's community.
// kDeviceLink: everyone (the invite is always for the caller herself).
bool MayCreateInvite(const Standing& s, storage::InviteKind kind, storage::Role role);
// Removing members: admins and leaders of the group's community.
bool MayManageGroup(const Standing& s);
// Group details (members, device keys): members, leaders of its community, admins.
bool MayViewGroup(const Standing& s);
// Sending, syncing and cursors: members only (a removed member is no longer one).
bool MayUseGroup(const Standing& s);

// Partner channels (docs/signals.md). Creating one and inviting its partners: admins.
bool MayCreateChannel(const Standing& s);
// Listing a community's channels (to share with one): its members and admins.
bool MayListChannels(const Standing& s);
// Sharing a report with a channel of the community: its residents and leaders.
bool MayShare(const Standing& s);
// A channel's trends: its partners, leaders of its community, admins.
bool MaySeeTrends(const Standing& s, bool channel_member);
// Retention, erasure, export, audit (docs/retention.md). Everyone may see the retention
// without a community (what applies to what they post anywhere) and erase or export
// themselves; in a community: its members and admins.
bool MayViewCommunityRetention(const Standing& s);
// Class defaults and bounds, the audit chain, the Art. 30 record: admins only.
bool MayAdministerRetention(const Standing& s);
// A community's own period: admins and leaders of the community.
bool MaySetCommunityRetention(const Standing& s);
// A community's area (the map clients centre on): admins and leaders of the community.
bool MaySetCommunityArea(const Standing& s);

// WebSocket upgrades: a request without an Origin header (a non-browser client) is allowed;
// one with an Origin must equal an entry of `allowed` or `own_origin` (ASCII case-insensitive).
// Comparing with the configured address rather than the Host header keeps DNS-rebinding
// pages out.
bool OriginAllowed(std::optional<std::string_view> origin, const std::vector<std::string>& allowed,
                   std::string_view own_origin);

}  // namespace weerbaar::server
