// join, whoami, invite create, device link.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "clients/cli/cli.h"

namespace weerbaar::cli {
namespace {

struct JoinArgs {
  std::string server, invite, name;
};

struct InviteArgs {
  std::string kind, community, group, role = "resident";
  uint32_t ttl = 0;
};

Status Join(const Globals& g, const JoinArgs& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, OpenClient(g));
  WB_RETURN_IF_ERROR(Finish(c, c.Join(a.server, a.invite, a.name)));
  const v1::AuthResult& auth = c.last_auth();
  boost::json::object o{{"user_id", Hex(auth.user_id())},
                        {"device_id", Hex(auth.device_id())},
                        {"is_admin", auth.is_admin()}};
  if (!auth.community_id().empty()) o["community_id"] = Hex(auth.community_id());
  if (!auth.group_id().empty()) o["group_id"] = Hex(auth.group_id());
  if (g.json) {
    PrintJson(o);
    return Status::Ok();
  }
  std::cout << "joined " << a.server << " as user " << Hex(auth.user_id()) << " (device "
            << Hex(auth.device_id()) << (auth.is_admin() ? ", admin" : "") << ")\n";
  if (o.contains("community_id")) std::cout << "community " << Hex(auth.community_id()) << "\n";
  if (o.contains("group_id")) std::cout << "group " << Hex(auth.group_id()) << "\n";
  return Status::Ok();
}

Status WhoAmI(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, OpenClient(g));
  if (!c.joined()) return FailedPrecondition("this profile has not joined a server: run join");
  const client::ClientState& s = c.state();
  boost::json::object o{{"profile", c.profile().dir()},    {"server", s.server_url()},
                        {"server_id", Hex(s.server_id())}, {"user_id", Hex(s.user_id())},
                        {"device_id", Hex(s.device_id())}, {"name", s.display_name()},
                        {"is_admin", s.is_admin()}};
  if (g.json) {
    PrintJson(o);
    return Status::Ok();
  }
  std::cout << "profile  " << c.profile().dir() << "\nserver   " << s.server_url() << " ("
            << Hex(s.server_id()).substr(0, 16) << ")\nuser     " << Hex(s.user_id())
            << (s.is_admin() ? " (admin)" : "") << "\ndevice   " << Hex(s.device_id())
            << "\nname     " << Printable(s.display_name()) << "\n";
  return Status::Ok();
}

Result<v1::CreateInvite> BuildInvite(client::Client& c, const InviteArgs& a) {
  static const std::map<std::string, v1::InviteKind> kKinds = {{"admin", v1::INVITE_ADMIN},
                                                               {"community", v1::INVITE_COMMUNITY},
                                                               {"group", v1::INVITE_GROUP},
                                                               {"device", v1::INVITE_DEVICE_LINK}};
  static const std::map<std::string, v1::Role> kRoles = {
      {"resident", v1::ROLE_RESIDENT}, {"leader", v1::ROLE_LEADER}, {"partner", v1::ROLE_PARTNER}};
  v1::CreateInvite invite;
  invite.set_kind(kKinds.at(a.kind));
  invite.set_ttl_seconds(a.ttl);
  if (invite.kind() == v1::INVITE_COMMUNITY) {
    if (a.community.empty()) return InvalidArgument("--kind community needs --community");
    invite.set_role(kRoles.at(a.role));
    WB_ASSIGN_OR_RETURN(Bytes id, ResolveCommunity(c, a.community));
    invite.set_community_id(ToString(id));
  }
  if (invite.kind() == v1::INVITE_GROUP) {
    if (a.group.empty()) return InvalidArgument("--kind group needs --group");
    WB_ASSIGN_OR_RETURN(Bytes id, ResolveGroup(c, a.group));
    invite.set_group_id(ToString(id));
  }
  return invite;
}

Status CreateInvite(const Globals& g, const InviteArgs& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto invite = BuildInvite(c, a);
  auto created = invite.ok() ? c.CreateInvite(*invite) : Result<v1::InviteCreated>(invite.status());
  WB_RETURN_IF_ERROR(Finish(c, created.status()));
  if (g.json) {
    PrintJson({{"token", created->token()}, {"expires_at_ms", created->expires_at_ms()}});
  } else {
    std::cout << created->token() << "\n";
  }
  return Status::Ok();
}

void AddInvite(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<InviteArgs>();
  CLI::App* invite = app.add_subcommand("invite", "invitations");
  invite->require_subcommand(1);
  CLI::App* create = invite->add_subcommand("create", "create a single-use invite; prints it");
  create->add_option("--kind", a->kind, "who the invite is for")
      ->required()
      ->check(CLI::IsMember({"admin", "community", "group", "device"}));
  create->add_option("--community", a->community, "community id or name (--kind community)");
  create->add_option("--group", a->group, "group id or name (--kind group)");
  create->add_option("--role", a->role, "role in the community (--kind community)")
      ->check(CLI::IsMember({"resident", "leader", "partner"}));
  create->add_option("--ttl", a->ttl, "lifetime in seconds (0: the server's default)");
  create->callback([&g, slot, a] { *slot = [&g, a] { return CreateInvite(g, *a); }; });

  CLI::App* device = app.add_subcommand("device", "this user's devices");
  device->require_subcommand(1);
  device->add_subcommand("link", "create an invite that links another device to this user")
      ->callback([&g, slot] {
        *slot = [&g] {
          InviteArgs device_link;
          device_link.kind = "device";
          return CreateInvite(g, device_link);
        };
      });
}

}  // namespace

void AddAccountCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<JoinArgs>();
  CLI::App* join = app.add_subcommand("join", "create this device's keys and join a server");
  join->add_option("--server", a->server, "server address, ws://HOST:PORT/")->required();
  join->add_option("--invite", a->invite, "invite token")->required();
  join->add_option("--name", a->name, "display name shown to group members");
  join->callback([&g, slot, a] { *slot = [&g, a] { return Join(g, *a); }; });

  app.add_subcommand("whoami", "show this profile's user, device and server")->callback([&g, slot] {
    *slot = [&g] { return WhoAmI(g); };
  });
  AddInvite(app, g, slot);
}

}  // namespace weerbaar::cli
