// Shared pieces of the signal-report commands (commands_reports.cc, commands_channels.cc):
// resolving report, channel and share ids, and printing previews, shares and cards.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clients/cli/cli.h"
#include "clients/client.h"

namespace weerbaar::cli {

void AddReportCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);
void AddChannelCommands(CLI::App& app, const Globals& g, const ActionSlot& slot);
// After AddPrivacyCommands and AddChannelCommands: `admin taxonomy`, `partner open311`.
void AddOpen311Commands(CLI::App& app, const Globals& g, const ActionSlot& slot);

// A subcommand of `parent` that, when chosen, runs `run` with the parsed `*args`.
template <typename Args>
CLI::App* AddCommand(CLI::App& parent, const char* name, const char* help, const Globals& g,
                     const ActionSlot& slot, const std::shared_ptr<Args>& args,
                     Status (*run)(const Globals&, const Args&)) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->callback([&g, slot, args, run] { *slot = [&g, args, run] { return run(g, *args); }; });
  return cmd;
}

// Prints `items` one by one, or (--json) as one array.
template <typename Item, typename ToJson, typename Print>
void PrintItems(const std::vector<Item>& items, bool json, ToJson to_json, Print print) {
  boost::json::array out;
  for (const Item& item : items) {
    if (json) out.push_back(to_json(item));
    if (!json) print(item);
  }
  if (json) PrintJson(out);
}

// "a,b,c" -> {"a", "b", "c"}; empty parts are dropped.
std::vector<std::string> SplitList(std::string_view text);
// A report of this device, by its hex id or an unambiguous hex prefix of at least 8 digits.
Result<Bytes> ResolveReport(const client::Client& c, std::string_view arg);
// A channel of the user's communities, by hex id or name.
Result<Bytes> ResolveChannel(client::Client& c, std::string_view arg);
// A share id (32 hex digits).
Result<Bytes> ParseShareId(std::string_view arg);

boost::json::object PreviewJson(const client::SharePreview& p);
// The preview as the reporter reads it before consenting.
void PrintPreview(const client::SharePreview& p);
boost::json::object MyShareJson(const client::MyShareView& s);
void PrintMyShare(const client::MyShareView& s);
boost::json::object CardJson(const client::PartnerCard& card);
void PrintCard(const client::PartnerCard& card);

}  // namespace weerbaar::cli
