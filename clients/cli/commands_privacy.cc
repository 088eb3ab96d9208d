// retention show, admin retention set, community retention set, account export|erase,
// admin audit verify, admin records-of-processing.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "clients/atomic_file.h"
#include "clients/cli/cli.h"
#include "clients/cli/privacy.h"

namespace weerbaar::cli {
namespace {

namespace json = boost::json;

struct Args {
  std::string community, data_class, period, default_period, min, max, out;
  bool reset = false, yes = false;
};

Result<v1::DataClass> ClassArg(const std::string& name) {
  std::optional<v1::DataClass> c = ParseDataClass(name);
  if (!c) return InvalidArgument("unknown data class " + Printable(name) + "; see retention show");
  return *c;
}

Status ShowRetention(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  Result<Bytes> community = a.community.empty() ? Bytes() : ResolveCommunity(c, a.community);
  auto info =
      community.ok() ? c.GetRetention(*community) : Result<v1::RetentionInfo>(community.status());
  WB_RETURN_IF_ERROR(Finish(c, info.status()));
  json::array out;
  for (const v1::ClassRetention& r : info->classes()) {
    out.push_back(RetentionJson(r));
    if (!g.json) std::cout << RetentionLine(r) << "\n";
  }
  if (g.json) PrintJson(out);
  return Status::Ok();
}

Result<v1::SetRetentionPolicy> PolicyArgs(const Args& a) {
  v1::SetRetentionPolicy p;
  WB_ASSIGN_OR_RETURN(v1::DataClass data_class, ClassArg(a.data_class));
  p.set_data_class(data_class);
  WB_ASSIGN_OR_RETURN(uint64_t default_ms, ParseDuration(a.default_period));
  WB_ASSIGN_OR_RETURN(uint64_t min_ms, ParseDuration(a.min));
  WB_ASSIGN_OR_RETURN(uint64_t max_ms, ParseDuration(a.max));
  p.set_default_ms(default_ms);
  p.set_min_ms(min_ms);
  p.set_max_ms(max_ms);
  return p;
}

Status Changed(const Globals& g) {
  if (g.json) {
    PrintJson({{"changed", true}});
  } else {
    std::cout << "changed\n";
  }
  return Status::Ok();
}

Status SetPolicy(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(v1::SetRetentionPolicy policy, PolicyArgs(a));
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, c.SetRetentionPolicy(policy)));
  return Changed(g);
}

Status SetCommunityPeriod(client::Client& c, const Args& a) {
  v1::SetCommunityRetention change;
  WB_ASSIGN_OR_RETURN(v1::DataClass data_class, ClassArg(a.data_class));
  change.set_data_class(data_class);
  change.set_reset(a.reset);
  if (!a.reset) {
    WB_ASSIGN_OR_RETURN(uint64_t period, ParseDuration(a.period));
    change.set_period_ms(period);
  }
  WB_ASSIGN_OR_RETURN(Bytes community, ResolveCommunity(c, a.community));
  change.set_community_id(ToString(community));
  return c.SetCommunityRetention(change);
}

Status CommunityRetention(const Globals& g, const Args& a) {
  if (a.reset == !a.period.empty()) return InvalidArgument("give either --period or --reset");
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, SetCommunityPeriod(c, a)));
  return Changed(g);
}

Status Export(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  // Best effort: messages her other devices sent become readable here first.
  if (Result<std::vector<client::ReceivedMessage>> synced = c.SyncAll(); !synced.ok())
    PrintWarning("could not sync before the export: " + synced.status().message());
  auto server_json = c.ExportAccount();
  WB_RETURN_IF_ERROR(Finish(c, server_json.status()));
  WB_ASSIGN_OR_RETURN(std::string merged, MergeExport(c, *server_json));
  if (a.out.empty()) {
    std::cout << merged << std::endl;
    return Status::Ok();
  }
  // Personal data: owner-only, like the profile.
  WB_RETURN_IF_ERROR(client::WriteFileAtomically(a.out, AsBytes(merged + "\n"), 0600));
  if (g.json) {
    PrintJson({{"written", a.out}});
  } else {
    std::cout << "export written to " << a.out << "\n";
  }
  return Status::Ok();
}

Status Erase(const Globals& g, const Args& a) {
  if (!a.yes) return InvalidArgument("erasing an account cannot be undone: add --yes");
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto receipt = c.EraseAccount();
  WB_RETURN_IF_ERROR(Finish(c, receipt.status()));
  if (g.json) {
    PrintJson(ReceiptJson(*receipt));
  } else {
    PrintReceipt(*receipt);
    std::cout << "this device no longer has an account; its local history stays in "
              << c.profile().dir() << " until you delete that folder\n";
  }
  return Status::Ok();
}

Status VerifyAudit(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto check = c.VerifyAudit();
  WB_RETURN_IF_ERROR(Finish(c, check.status()));
  g.json ? PrintJson(AuditJson(*check)) : PrintAudit(*check);
  if (!check->intact()) return DataLoss("the audit log does not verify");
  return Status::Ok();
}

Status Records(const Globals& g) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto records = c.RecordsOfProcessing();
  WB_RETURN_IF_ERROR(Finish(c, records.status()));
  g.json ? PrintJson(RecordsJson(*records)) : PrintRecords(*records);
  return Status::Ok();
}

void AddClassOption(CLI::App* cmd, Args& a) {
  cmd->add_option("--class", a.data_class, "data class, e.g. chat-message, signal-report")
      ->required();
}

void AddAdmin(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* admin = app.add_subcommand("admin", "installation administration (admins)");
  admin->require_subcommand(1);
  CLI::App* retention = admin->add_subcommand("retention", "retention policies");
  retention->require_subcommand(1);
  CLI::App* set = retention->add_subcommand("set", "set a class's default period and bounds");
  AddClassOption(set, *a);
  set->add_option("--default", a->default_period, "default period, e.g. 90d")->required();
  set->add_option("--min", a->min, "shortest period a community may choose")->required();
  set->add_option("--max", a->max, "longest period a community may choose")->required();
  set->callback([&g, slot, a] { *slot = [&g, a] { return SetPolicy(g, *a); }; });
  CLI::App* audit = admin->add_subcommand("audit", "the audit log");
  audit->require_subcommand(1);
  audit->add_subcommand("verify", "check the audit log's hash chain")->callback([&g, slot] {
    *slot = [&g] { return VerifyAudit(g); };
  });
  admin->add_subcommand("records-of-processing", "print the GDPR Art. 30 record")
      ->callback([&g, slot] { *slot = [&g] { return Records(g); }; });
}

void AddAccount(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* account = app.add_subcommand("account", "your account: export or erase it");
  account->require_subcommand(1);
  CLI::App* exp = account->add_subcommand("export", "everything the server holds about you");
  exp->add_option("--out", a->out, "write the JSON to this file (default: stdout)");
  exp->callback([&g, slot, a] { *slot = [&g, a] { return Export(g, *a); }; });
  CLI::App* erase = account->add_subcommand("erase", "erase your account on the server");
  erase->add_flag("--yes", a->yes, "confirm: this cannot be undone");
  erase->callback([&g, slot, a] { *slot = [&g, a] { return Erase(g, *a); }; });
}

}  // namespace

void AddPrivacyCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* retention = app.add_subcommand("retention", "how long the server keeps data");
  retention->require_subcommand(1);
  CLI::App* show = retention->add_subcommand("show", "the retention in force per data class");
  show->add_option("--community", a->community, "in this community (id or name)");
  show->callback([&g, slot, a] { *slot = [&g, a] { return ShowRetention(g, *a); }; });

  // `community retention set`: the community command exists already (commands_admin.cc).
  CLI::App* community = app.get_subcommand("community");
  CLI::App* cr = community->add_subcommand("retention", "a community's own retention");
  cr->require_subcommand(1);
  CLI::App* set = cr->add_subcommand("set", "set the community's period (leaders, admins)");
  set->add_option("--community", a->community, "community id or name")->required();
  AddClassOption(set, *a);
  set->add_option("--period", a->period, "the period, e.g. 30d");
  set->add_flag("--reset", a->reset, "return to the admin's default");
  set->callback([&g, slot, a] { *slot = [&g, a] { return CommunityRetention(g, *a); }; });
  AddAdmin(app, g, slot);
  AddAccount(app, g, slot);
}

}  // namespace weerbaar::cli
