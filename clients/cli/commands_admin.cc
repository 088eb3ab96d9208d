// community create|list|area, group create|list|info|remove.
#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/cli/cli.h"

namespace weerbaar::cli {
namespace {

// The server sends only checked geohashes, but a listing prints nothing it did not check.
std::string AreaText(const std::string& area) {
  return area.empty() ? std::string("none") : Printable(area);
}

struct Args {
  std::string name, community, group, user, area;
};

Status CreateCommunity(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto id = c.CreateCommunity(a.name, a.area);
  WB_RETURN_IF_ERROR(Finish(c, id.status()));
  if (g.json) {
    PrintJson({{"community_id", HexEncode(*id)}});
  } else {
    std::cout << HexEncode(*id) << "\n";
  }
  return Status::Ok();
}

Status ListCommunities(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto list = c.ListCommunities();
  WB_RETURN_IF_ERROR(Finish(c, list.status()));
  boost::json::array out;
  for (const v1::CommunitySummary& s : *list) {
    out.push_back({{"community_id", Hex(s.community_id())},
                   {"name", s.name()},
                   {"role", RoleName(s.role())},
                   {"area", s.area()}});
    if (!g.json)
      std::cout << Hex(s.community_id()) << "  " << RoleName(s.role()) << "  "
                << Printable(s.name()) << "  (area " << AreaText(s.area()) << ")\n";
  }
  if (g.json) PrintJson(out);
  return Status::Ok();
}

Status SetArea(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto community = ResolveCommunity(c, a.community);
  Status set = community.ok() ? c.SetCommunityArea(*community, a.area) : community.status();
  WB_RETURN_IF_ERROR(Finish(c, set));
  if (g.json) {
    PrintJson({{"community_id", HexEncode(*community)}, {"area", a.area}});
  } else {
    std::cout << "area set\n";
  }
  return Status::Ok();
}

Status CreateGroup(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto community = ResolveCommunity(c, a.community);
  auto created = community.ok() ? c.CreateGroup(*community, a.name)
                                : Result<v1::GroupCreated>(community.status());
  WB_RETURN_IF_ERROR(Finish(c, created.status()));
  if (g.json) {
    PrintJson({{"group_id", Hex(created->group_id())}, {"epoch", created->epoch()}});
  } else {
    std::cout << Hex(created->group_id()) << "\n";
  }
  return Status::Ok();
}

Status ListGroups(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto list = c.ListGroups();
  WB_RETURN_IF_ERROR(Finish(c, list.status()));
  boost::json::array out;
  for (const v1::GroupSummary& s : *list) {
    out.push_back({{"group_id", Hex(s.group_id())},
                   {"community_id", Hex(s.community_id())},
                   {"name", s.name()},
                   {"epoch", s.epoch()},
                   {"last_seq", s.last_seq()},
                   {"cursor", s.cursor()}});
    if (!g.json)
      std::cout << Hex(s.group_id()) << "  " << Printable(s.name()) << "  (epoch " << s.epoch()
                << ", last seq " << s.last_seq() << ", read up to " << s.cursor() << ")\n";
  }
  if (g.json) PrintJson(out);
  return Status::Ok();
}

void PrintGroup(const v1::GroupInfo& info, bool json) {
  boost::json::array members;
  for (const v1::Member& m : info.members())
    members.push_back({{"user_id", Hex(m.user_id())},
                       {"name", m.display_name()},
                       {"role", RoleName(m.role())},
                       {"devices", m.devices_size()}});
  if (json) {
    PrintJson({{"group_id", Hex(info.group_id())},
               {"community_id", Hex(info.community_id())},
               {"name", info.name()},
               {"epoch", info.epoch()},
               {"last_seq", info.last_seq()},
               {"members", members}});
    return;
  }
  std::cout << "group      " << Hex(info.group_id()) << "  " << Printable(info.name())
            << "\ncommunity  " << Hex(info.community_id()) << "\nepoch      " << info.epoch()
            << "\nlast seq   " << info.last_seq() << "\nmembers\n";
  for (const v1::Member& m : info.members())
    std::cout << "  " << Hex(m.user_id()) << "  " << RoleName(m.role()) << "  "
              << Printable(m.display_name()) << "  (" << m.devices_size() << " devices)\n";
}

Status GroupInfo(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto id = ResolveGroup(c, a.group);
  auto info = id.ok() ? c.GetGroup(*id) : Result<v1::GroupInfo>(id.status());
  WB_RETURN_IF_ERROR(Finish(c, info.status()));
  PrintGroup(*info, g.json);
  return Status::Ok();
}

Status RemoveMember(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes group_id, ResolveGroup(c, a.group));
  WB_ASSIGN_OR_RETURN(v1::GroupInfo info, c.GetGroup(group_id));
  WB_ASSIGN_OR_RETURN(Bytes user_id, ResolveMember(info, a.user));
  return c.RemoveMember(group_id, user_id);
}

Status Remove(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, RemoveMember(c, a)));
  if (g.json) {
    PrintJson({{"removed", true}});
  } else {
    std::cout << "removed\n";
  }
  return Status::Ok();
}

void AddCommunity(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* community = app.add_subcommand("community", "communities (neighbourhoods)");
  community->require_subcommand(1);
  CLI::App* create =
      community->add_subcommand("create", "create a community (admins); prints its id");
  create->add_option("NAME", a->name, "community name")->required();
  create->add_option("--area", a->area, "the community's area: a geohash of 4-6 characters");
  create->callback([&g, slot, a] { *slot = [&g, a] { return CreateCommunity(g, *a); }; });
  community->add_subcommand("list", "list your communities, your role and the area of each")
      ->callback([&g, slot] { *slot = [&g] { return ListCommunities(g); }; });
  CLI::App* area = community->add_subcommand(
      "area", "set a community's area, the map its reports are placed on (admins, leaders)");
  area->add_option("COMMUNITY", a->community, "community id or name")->required();
  area->add_option("GEOHASH", a->area, "a geohash of 4-6 characters, e.g. u178k")->required();
  area->callback([&g, slot, a] { *slot = [&g, a] { return SetArea(g, *a); }; });
}

void AddGroup(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* group = app.add_subcommand("group", "groups within communities");
  group->require_subcommand(1);
  CLI::App* create = group->add_subcommand("create", "create a group; prints its id");
  create->add_option("--community", a->community, "community id or name")->required();
  create->add_option("NAME", a->name, "group name")->required();
  create->callback([&g, slot, a] { *slot = [&g, a] { return CreateGroup(g, *a); }; });
  group->add_subcommand("list", "list your groups")->callback([&g, slot] {
    *slot = [&g] { return ListGroups(g); };
  });
  CLI::App* info = group->add_subcommand("info", "show a group and its members");
  info->add_option("GROUP", a->group, "group id or name")->required();
  info->callback([&g, slot, a] { *slot = [&g, a] { return GroupInfo(g, *a); }; });
  CLI::App* remove = group->add_subcommand("remove", "remove a user from a group (leaders)");
  remove->add_option("GROUP", a->group, "group id or name")->required();
  remove->add_option("USER", a->user, "user id or display name")->required();
  remove->callback([&g, slot, a] { *slot = [&g, a] { return Remove(g, *a); }; });
}

}  // namespace

void AddAdminCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  AddCommunity(app, g, slot);
  AddGroup(app, g, slot);
}

}  // namespace weerbaar::cli
