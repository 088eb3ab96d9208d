#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/cli/cli.h"
#include "clients/cli/signals.h"
#include "clients/group_state.h"
#include "protocol/codec.h"

namespace weerbaar::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Error text is kept to one line whatever its source.
std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return Printable(text);
}

void PrintError(const std::string& text) {
  std::cerr << "weerbaar: error: " << OneLine(text) << std::endl;
}

std::optional<Bytes> ParseId(std::string_view arg) {
  if (arg.size() != 2 * protocol::kIdBytes) return std::nullopt;
  return HexDecode(arg);
}

// Picks the one id whose name is `arg`; errors name what was looked for.
template <typename List, typename IdOf>
Result<Bytes> ByName(const List& list, std::string_view arg, std::string_view what, IdOf id_of) {
  std::optional<Bytes> found;
  for (const auto& item : list) {
    if (item.name() != arg) continue;
    if (found) return InvalidArgument(std::string(what) + " name is ambiguous; use its id");
    found = ToBytes(id_of(item));
  }
  if (!found) return NotFound("no " + std::string(what) + " with that id or name");
  return *found;
}

int Execute(const Action& action) {
  if (!action) {
    PrintError("missing command; see weerbaar --help");
    return kExitUsage;
  }
  Status st = action();
  if (st.ok()) return 0;
  PrintError(st.message().empty() ? std::string(CodeName(st.code())) : st.message());
  return kExitFailed;
}

}  // namespace

Result<client::Client> OpenClient(const Globals& g) {
  std::string dir = g.profile_dir;
  if (dir.empty()) {
    WB_ASSIGN_OR_RETURN(dir, client::Profile::DefaultDir());
  }
  WB_ASSIGN_OR_RETURN(client::Profile profile, client::Profile::Open(dir));
  return client::Client::Open(std::move(profile));
}

Result<client::Client> ConnectClient(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, OpenClient(g));
  if (!c.joined()) return FailedPrecondition("this profile has not joined a server: run join");
  WB_RETURN_IF_ERROR(c.Connect());
  return c;
}

Status Finish(client::Client& c, Status status) {
  c.Close();
  for (const std::string& w : c.TakeWarnings()) PrintWarning(w);
  return status;
}

Result<Bytes> ResolveGroup(client::Client& c, std::string_view arg) {
  if (auto id = ParseId(arg)) return *id;
  WB_ASSIGN_OR_RETURN(std::vector<v1::GroupSummary> groups, c.ListGroups());
  auto id = ByName(groups, arg, "group", [](const auto& g) { return g.group_id(); });
  // A group this user was removed from is still known locally; the server then says why.
  if (id.status().code() == Code::kNotFound) return ResolveLocalGroup(c, arg);
  return id;
}

Result<Bytes> ResolveLocalGroup(const client::Client& c, std::string_view arg) {
  if (auto id = ParseId(arg)) return *id;
  return ByName(c.state().groups(), arg, "group", [](const auto& g) { return g.group_id(); });
}

Result<Bytes> ResolveCommunity(client::Client& c, std::string_view arg) {
  if (auto id = ParseId(arg)) return *id;
  WB_ASSIGN_OR_RETURN(std::vector<v1::CommunitySummary> list, c.ListCommunities());
  return ByName(list, arg, "community", [](const auto& x) { return x.community_id(); });
}

Result<Bytes> ResolveMember(const v1::GroupInfo& group, std::string_view arg) {
  if (auto id = ParseId(arg)) return *id;
  std::optional<Bytes> found;
  for (const v1::Member& m : group.members()) {
    if (m.display_name() != arg) continue;
    if (found) return InvalidArgument("member name is ambiguous; use the user id");
    found = ToBytes(m.user_id());
  }
  if (!found) return NotFound("no member with that id or name in the group");
  return *found;
}

int RunApp(int argc, char** argv) {
  CLI::App app{"weerbaar: end-to-end encrypted neighbourhood messaging", "weerbaar"};
  Globals globals;
  auto slot = std::make_shared<Action>();
  app.fallthrough();  // --profile and --json may follow the command too
  app.require_subcommand(1);
  app.add_option("--profile", globals.profile_dir, "profile folder (default: $HOME/.weerbaar)");
  app.add_flag("--json", globals.json, "print one JSON document instead of text");
  AddAccountCommands(app, globals, slot);
  AddAdminCommands(app, globals, slot);
  AddMessageCommands(app, globals, slot);
  AddPrivacyCommands(app, globals, slot);
  AddReportCommands(app, globals, slot);
  AddChannelCommands(app, globals, slot);
  AddOpen311Commands(app, globals, slot);  // extends admin and partner
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    PrintError(e.what());
    return kExitUsage;
  }
  return Execute(*slot);
}

}  // namespace weerbaar::cli
