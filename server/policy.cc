#include "server/policy.h"

namespace weerbaar::server {
namespace {

using storage::InviteKind;
using storage::Role;

bool IsLeader(const Standing& s) { return s.community_role == Role::kLeader; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool MayInviteToCommunity(const Standing& s, Role role) {
  bool known_role = role == Role::kResident || role == Role::kLeader || role == Role::kPartner;
  if (s.is_admin) return known_role;
  // Leaders grow their neighbourhood but cannot mint other leaders or partners.
  return IsLeader(s) && role == Role::kResident;
}

}  // namespace

bool MayCreateCommunity(const Standing& s) { return s.is_admin; }

bool MayCreateGroup(const Standing& s) { return s.is_admin || IsLeader(s); }

bool MayCreateInvite(const Standing& s, InviteKind kind, Role role) {
  switch (kind) {
    case InviteKind::kAdmin:
      return s.is_admin;
    case InviteKind::kCommunity:
      return MayInviteToCommunity(s, role);
    case InviteKind::kGroup:
      return s.is_admin || IsLeader(s);
    case InviteKind::kDeviceLink:
      return true;
    case InviteKind::kChannel:
      return s.is_admin;
  }
  return false;
}

bool MayCreateChannel(const Standing& s) { return s.is_admin; }

bool MayListChannels(const Standing& s) { return s.is_admin || s.community_role != Role::kNone; }

bool MayShare(const Standing& s) { return s.community_role == Role::kResident || IsLeader(s); }

bool MaySeeTrends(const Standing& s, bool channel_member) {
  return s.is_admin || IsLeader(s) || channel_member;
}

bool MayManageGroup(const Standing& s) { return s.is_admin || IsLeader(s); }

bool MayViewGroup(const Standing& s) { return s.group_member || s.is_admin || IsLeader(s); }

bool MayUseGroup(const Standing& s) { return s.group_member; }

bool MayViewCommunityRetention(const Standing& s) {
  return s.is_admin || s.community_role != Role::kNone;
}

bool MayAdministerRetention(const Standing& s) { return s.is_admin; }

bool MaySetCommunityRetention(const Standing& s) { return s.is_admin || IsLeader(s); }

bool MaySetCommunityArea(const Standing& s) { return s.is_admin || IsLeader(s); }

bool OriginAllowed(std::optional<std::string_view> origin, const std::vector<std::string>& allowed,
                   std::string_view own_origin) {
  if (!origin) return true;
  if (EqualsIgnoreCase(*origin, own_origin)) return true;
  for (const std::string& entry : allowed)
    if (EqualsIgnoreCase(*origin, entry)) return true;
  return false;
}

}  // namespace weerbaar::server
