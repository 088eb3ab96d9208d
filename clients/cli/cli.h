// Shared pieces of the `weerbaar` command-line client: global flags, opening the
// profile and client, resolving ids given as hex or names, and output helpers.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "clients/client.h"
#include "common/status.h"

namespace CLI {
class App;
}

namespace weerbaar::cli {

// Flags every command accepts.
struct Globals {
  std::string profile_dir;  // empty: $HOME/.weerbaar
  bool json = false;
};

// What a parsed command line runs.
using Action = std::function<Status()>;
using ActionSlot = std::shared_ptr<Action>;

// Each adds its subcommands to `app`; a chosen subcommand stores its work in `*slot`.
void AddAccountCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);
void AddAdminCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);
void AddMessageCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);
// retention, admin, account, and `community retention` (after AddAdminCommands).
void AddPrivacyCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);

// Parses argv and runs the command. Returns the process exit code: 0 success, 1 a failed
// command, 2 a usage error. Errors are printed as one line: "weerbaar: error: ...".
int RunApp(int argc, char** argv);

// The client of the chosen profile, not connected.
Result<client::Client> OpenClient(const Globals& g);
// The client of the chosen profile, connected and authenticated.
Result<client::Client> ConnectClient(const Globals& g);
// Closes the connection and prints the client's warnings; passes `status` through.
Status Finish(client::Client& c, Status status);

// A group given as a 32-digit hex id or as the name of one of the user's groups.
Result<Bytes> ResolveGroup(client::Client& c, std::string_view arg);
// The same, from the local state only (no network).
Result<Bytes> ResolveLocalGroup(const client::Client& c, std::string_view arg);
Result<Bytes> ResolveCommunity(client::Client& c, std::string_view arg);
// A member given as a hex user id or a display name.
Result<Bytes> ResolveMember(const v1::GroupInfo& group, std::string_view arg);

// Output. Text from other users is made printable (no terminal control sequences).
std::string Printable(std::string_view text);
std::string Hex(const std::string& bytes);
std::string FormatTime(uint64_t millis);
std::string RoleName(v1::Role role);
void PrintJson(const boost::json::value& value);
void PrintWarning(std::string_view text);
boost::json::object MessageJson(const std::string& group_id, const client::HistoryEntry& e);
// "seq  time  sender-name: text"
std::string MessageLine(const client::HistoryEntry& e);

}  // namespace weerbaar::cli
