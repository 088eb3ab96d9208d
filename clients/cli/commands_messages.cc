// send, read, history, listen.
#include <CLI/CLI.hpp>
#include <iostream>

#include "clients/cli/cli.h"
#include "clients/group_state.h"

namespace weerbaar::cli {
namespace {

struct Args {
  std::string group, text;
  size_t count = 0;
  uint32_t timeout_seconds = 0;
};

// Text mode prints as it goes; JSON mode collects one array for the end.
class MessagePrinter {
 public:
  explicit MessagePrinter(bool json) : json_(json) {}
  void Add(const std::string& group_id, const client::HistoryEntry& e, std::string_view label) {
    if (json_) {
      out_.push_back(MessageJson(group_id, e));
      return;
    }
    if (!label.empty()) std::cout << "[" << Printable(label) << "] ";
    std::cout << MessageLine(e) << std::endl;  // flushed: listeners read it live
  }
  // A partner's question about one of my shares: shown here, never posted to a group.
  void AddQuestion(const client::ShareQuestion& q) {
    if (json_) {
      out_.push_back({{"question", q.text}, {"share_id", Hex(q.share_id)}});
      return;
    }
    std::cout << "[question about share " << Hex(q.share_id).substr(0, 8) << "] "
              << Printable(q.text) << std::endl;
  }
  void Finish() {
    if (json_) PrintJson(out_);
  }

 private:
  bool json_;
  boost::json::array out_;
};

Status Send(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto group = ResolveGroup(c, a.group);
  auto sent = group.ok() ? c.SendText(*group, a.text) : Result<client::SendResult>(group.status());
  WB_RETURN_IF_ERROR(Finish(c, sent.status()));
  if (g.json) {
    PrintJson({{"seq", sent->seq},
               {"epoch", sent->epoch},
               {"duplicate", sent->duplicate},
               {"key_shared_with", sent->key_shared_with}});
  } else {
    std::cout << "sent seq " << sent->seq << "\n";
  }
  return Status::Ok();
}

Status Read(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto group = ResolveGroup(c, a.group);
  auto entries =
      group.ok() ? c.Sync(*group) : Result<std::vector<client::HistoryEntry>>(group.status());
  WB_RETURN_IF_ERROR(Finish(c, entries.status()));
  MessagePrinter printer(g.json);
  for (const client::HistoryEntry& e : *entries) printer.Add(ToString(*group), e, "");
  printer.Finish();
  return Status::Ok();
}

Status History(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, OpenClient(g));
  if (!c.joined()) return FailedPrecondition("this profile has not joined a server: run join");
  WB_ASSIGN_OR_RETURN(Bytes group, ResolveLocalGroup(c, a.group));
  WB_ASSIGN_OR_RETURN(std::vector<client::HistoryEntry> entries, c.History(group));
  MessagePrinter printer(g.json);
  for (const client::HistoryEntry& e : entries) printer.Add(ToString(group), e, "");
  printer.Finish();
  return Status::Ok();
}

std::string GroupLabel(const client::Client& c, const std::string& group_id) {
  const client::GroupState* group = client::FindGroup(c.state(), AsBytes(group_id));
  return group != nullptr && !group->name().empty() ? group->name() : Hex(group_id).substr(0, 8);
}

Status ListenLoop(client::Client& c, const Args& a, MessagePrinter& printer) {
  size_t printed = 0;
  auto print = [&](const client::ReceivedMessage& m) {
    printer.Add(m.group_id, m.entry, GroupLabel(c, m.group_id));
    return a.count == 0 || ++printed < a.count;
  };
  WB_ASSIGN_OR_RETURN(std::vector<client::ReceivedMessage> backlog, c.SyncAll());
  for (const client::ReceivedMessage& m : backlog)
    if (!print(m)) return Status::Ok();
  client::ListenOptions options;
  options.timeout = std::chrono::seconds(a.timeout_seconds);
  options.on_question = [&printer](const client::ShareQuestion& q) { printer.AddQuestion(q); };
  return c.Listen(print, options).status();
}

Status Listen(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  MessagePrinter printer(g.json);
  WB_RETURN_IF_ERROR(Finish(c, ListenLoop(c, a, printer)));
  printer.Finish();
  return Status::Ok();
}

void AddGroupCommand(CLI::App& app, const char* name, const char* help, const Globals& g,
                     const ActionSlot& slot, Status (*run)(const Globals&, const Args&)) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("GROUP", a->group, "group id or name")->required();
  if (std::string_view(name) == "send") cmd->add_option("TEXT", a->text, "message")->required();
  cmd->callback([&g, slot, a, run] { *slot = [&g, a, run] { return run(g, *a); }; });
}

}  // namespace

void AddMessageCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  AddGroupCommand(app, "send", "encrypt and send a message to a group", g, slot, Send);
  AddGroupCommand(app, "read", "fetch and print new messages: seq  time  sender: text", g, slot,
                  Read);
  AddGroupCommand(app, "history", "print the messages stored on this device (offline)", g, slot,
                  History);
  auto a = std::make_shared<Args>();
  CLI::App* listen =
      app.add_subcommand("listen",
                         "fetch new messages of every group, then print messages as they arrive "
                         "(with --json: one array when done)");
  listen->add_option("--count", a->count, "exit after printing N messages (0: no limit)");
  listen->add_option("--timeout", a->timeout_seconds, "exit after SECONDS (0: no limit)");
  listen->callback([&g, slot, a] { *slot = [&g, a] { return Listen(g, *a); }; });
}

}  // namespace weerbaar::cli
