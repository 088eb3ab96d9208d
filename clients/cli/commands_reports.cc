// report file|preview|share|list|withdraw|answer: the reporter's side (docs/signals.md).
#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/atomic_file.h"
#include "clients/cli/signals.h"
#include "clients/share_builder.h"

namespace weerbaar::cli {
namespace {

constexpr double kNoCoordinate = 1000;  // outside every valid range: not given

std::optional<double> Coordinate(double v) {
  return v == kNoCoordinate ? std::nullopt : std::optional<double>(v);
}

struct Args {
  std::string group, category, text, photo_path, report, channel, share, purpose = "handling";
  std::string fields;
  double lat = kNoCoordinate, lon = kNoCoordinate;
  uint32_t days = 90;
};

// Without --category: an error that names the suggestions for the text.
Status NoCategory(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(std::vector<signals::Suggestion> suggestions, c.SuggestCategories(a.text));
  std::string list;
  for (const signals::Suggestion& s : suggestions)
    list += (list.empty() ? "" : ", ") + s.category_id;
  return InvalidArgument(
      "choose a category with --category" +
      (list.empty() ? std::string(" (no suggestion for this text)") : "; suggested: " + list));
}

Status FileReportIn(client::Client& c, const Globals& g, const Args& a) {
  if (a.category.empty()) return NoCategory(c, a);
  client::ReportDraft draft{a.category, a.text, Coordinate(a.lat), Coordinate(a.lon), "", 0};
  if (!a.photo_path.empty()) {
    // One byte over the limit lets FileReport name the real problem.
    WB_ASSIGN_OR_RETURN(Bytes photo,
                        client::ReadWholeFile(a.photo_path, client::kMaxReportPhotoBytes + 1));
    draft.photo = ToString(photo);
  }
  WB_ASSIGN_OR_RETURN(Bytes group, ResolveGroup(c, a.group));
  WB_ASSIGN_OR_RETURN(client::LocalReport report, c.FileReport(group, draft));
  if (g.json) {
    PrintJson({{"report_id", Hex(report.report_id())}, {"category", report.category()}});
  } else {
    std::cout << Hex(report.report_id()) << "\n";
  }
  return Status::Ok();
}

Status FileReport(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  return Finish(c, FileReportIn(c, g, a));
}

client::ShareOptions OptionsOf(const Args& a) {
  client::ShareOptions o;
  o.purpose = a.purpose;
  o.fields = SplitList(a.fields);
  o.valid_for_ms = static_cast<int64_t>(a.days) * 24 * 3600 * 1000;
  return o;
}

Status ShareIn(client::Client& c, const Globals& g, const Args& a, bool send) {
  WB_ASSIGN_OR_RETURN(Bytes report, ResolveReport(c, a.report));
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  WB_ASSIGN_OR_RETURN(client::SharePreview preview, c.PreviewShare(report, channel, OptionsOf(a)));
  if (!g.json) PrintPreview(preview);
  if (!send) {
    if (g.json) PrintJson(PreviewJson(preview));
    return Status::Ok();
  }
  WB_ASSIGN_OR_RETURN(Bytes share, c.ShareReport(report, channel, OptionsOf(a)));
  if (g.json) {
    PrintJson({{"share_id", HexEncode(share)}, {"preview", PreviewJson(preview)}});
  } else {
    std::cout << "shared: " << HexEncode(share) << "\n";
  }
  return Status::Ok();
}

Status Preview(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  return Finish(c, ShareIn(c, g, a, false));
}

Status Share(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  return Finish(c, ShareIn(c, g, a, true));
}

Status List(const Globals& g, const Args&) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto shares = c.ListMyShares();
  WB_RETURN_IF_ERROR(Finish(c, shares.status()));
  PrintItems(*shares, g.json, MyShareJson, PrintMyShare);
  return Status::Ok();
}

Status WithdrawIn(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes report, ResolveReport(c, a.report));
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  return c.WithdrawConsent(report, channel);
}

Status Withdraw(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, WithdrawIn(c, a)));
  if (g.json) PrintJson({{"withdrawn", true}});
  if (!g.json) std::cout << "withdrawn\n";
  return Status::Ok();
}

Status Answer(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes share, ParseShareId(a.share));
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, c.AnswerQuestion(share, a.text)));
  if (g.json) PrintJson({{"answered", true}});
  if (!g.json) std::cout << "answered\n";
  return Status::Ok();
}

void AddShareOptions(CLI::App* cmd, Args& a) {
  cmd->add_option("REPORT", a.report, "report id (or its first 8+ hex digits)")->required();
  cmd->add_option("CHANNEL", a.channel, "channel id or name")->required();
  cmd->add_option("--purpose", a.purpose, "handling, information or trends");
  cmd->add_option("--fields", a.fields,
                  "comma-separated: category,contact,details,location,photo,time "
                  "(default: what the report has)");
  cmd->add_option("--days", a.days, "consent valid for DAYS (default 90)");
}

}  // namespace

void AddReportCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  CLI::App* report = app.add_subcommand("report", "signal reports and their shares");
  report->require_subcommand(1);
  CLI::App* file = AddCommand(*report, "file", "post a report to a group; prints its id", g, slot,
                              a, FileReport);
  file->add_option("GROUP", a->group, "group id or name")->required();
  file->add_option("--category", a->category, "category id (omit it to see suggestions)");
  file->add_option("--text", a->text, "what happened");
  file->add_option("--lat", a->lat, "latitude");
  file->add_option("--lon", a->lon, "longitude");
  file->add_option("--photo", a->photo_path, "photo file (not for categories about a person)");
  AddShareOptions(
      AddCommand(*report, "preview", "show exactly what a channel would get", g, slot, a, Preview),
      *a);
  AddShareOptions(AddCommand(*report, "share", "share a report with a channel (prints the preview)",
                             g, slot, a, Share),
                  *a);
  AddCommand(*report, "list", "my shares with status and thread", g, slot, a, List);
  CLI::App* withdraw = AddCommand(
      *report, "withdraw", "withdraw consent; the channel loses the share", g, slot, a, Withdraw);
  withdraw->add_option("REPORT", a->report, "report id")->required();
  withdraw->add_option("CHANNEL", a->channel, "channel id or name")->required();
  CLI::App* answer =
      AddCommand(*report, "answer", "answer a partner's question", g, slot, a, Answer);
  answer->add_option("SHARE", a->share, "share id")->required();
  answer->add_option("TEXT", a->text, "the answer")->required();
}

}  // namespace weerbaar::cli
