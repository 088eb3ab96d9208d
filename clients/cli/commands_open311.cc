// The taxonomy an admin configures (`admin taxonomy show | set FILE`) and a partner's
// Open311 GeoReport v2 view of a channel (`partner open311 CHANNEL [services | requests |
// SHARE] [--query Q]`), fetched over HTTP with a request signed by this device.
#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/atomic_file.h"
#include "clients/cli/signals.h"

namespace weerbaar::cli {
namespace {

constexpr size_t kMaxOverridesFile = 256 * 1024;

struct Args {
  std::string file, channel, what = "requests", query;
};

Status ShowTaxonomy(const Globals& g, const Args&) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  Result<const signals::Taxonomy*> taxonomy = c.Taxonomy();
  WB_RETURN_IF_ERROR(Finish(c, taxonomy.status()));
  std::cout << (*taxonomy)->ToJson() << "\n";
  return Status::Ok();
}

Status SetTaxonomy(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes json, client::ReadWholeFile(a.file, kMaxOverridesFile));
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, c.SetTaxonomy(ToString(json))));
  if (!g.json) std::cout << "taxonomy overrides set\n";
  return Status::Ok();
}

// channels/<hex>/services.json, .../requests.json[?query], .../requests/<share>.json
Result<std::string> Open311Target(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  std::string target = "channels/" + HexEncode(channel) + "/";
  if (a.what == "services") return target + "services.json";
  if (a.what == "requests")
    return target + "requests.json" + (a.query.empty() ? "" : "?" + a.query);
  WB_ASSIGN_OR_RETURN(Bytes share, ParseShareId(a.what));
  return target + "requests/" + HexEncode(share) + ".json";
}

Status Open311In(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(std::string target, Open311Target(c, a));
  WB_ASSIGN_OR_RETURN(client::HttpReply reply, c.Open311(target));
  if (reply.status != 200)
    return Unavailable("the server answered HTTP " + std::to_string(reply.status) + ": " +
                       Printable(reply.body));
  std::cout << reply.body << "\n";
  return Status::Ok();
}

Status Open311(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  return Finish(c, Open311In(c, a));
}

}  // namespace

void AddOpen311Commands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* taxonomy =
      app.get_subcommand("admin")->add_subcommand("taxonomy", "the report categories");
  taxonomy->require_subcommand(1);
  AddCommand(*taxonomy, "show", "print the taxonomy in force (JSON)", g, slot, a, ShowTaxonomy);
  AddCommand(*taxonomy, "set", "replace the overrides (weerbaar-taxonomy-overrides/v1 JSON)", g,
             slot, a, SetTaxonomy)
      ->add_option("FILE", a->file, "the overrides JSON file")
      ->required();
  CLI::App* open311 = AddCommand(*app.get_subcommand("partner"), "open311",
                                 "the channel as Open311 GeoReport v2 JSON", g, slot, a, Open311);
  open311->add_option("CHANNEL", a->channel, "channel id or name")->required();
  open311->add_option("WHAT", a->what, "services, requests (default) or a share id");
  open311->add_option("--query", a->query, "for requests: e.g. status=open&service_code=a,b");
}

}  // namespace weerbaar::cli
