// channel create|list|invite, partner cards|status|ask|update, trends (docs/signals.md).
#include <CLI/CLI.hpp>
#include <ctime>
#include <iostream>

#include "clients/atomic_file.h"
#include "clients/cli/signals.h"
#include "clients/signal_text.h"

namespace weerbaar::cli {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kDefaultTrendDays = 28;

struct Args {
  std::string community, name, type = "municipality", categories, bucket = "day", channel;
  std::string share, status, text, from, to, photos;
  std::vector<std::string> scrub_names;
  uint32_t precision = 6;
  bool questions = false;
};

Result<v1::CreateChannel> BuildChannel(client::Client& c, const Args& a) {
  v1::CreateChannel create;
  WB_ASSIGN_OR_RETURN(Bytes community, ResolveCommunity(c, a.community));
  create.set_community_id(ToString(community));
  create.set_name(a.name);
  v1::ChannelPolicy* p = create.mutable_policy();
  WB_ASSIGN_OR_RETURN(v1::ChannelType type, client::ParseChannelType(a.type));
  WB_ASSIGN_OR_RETURN(v1::TimeBucket bucket, client::ParseTimeBucket(a.bucket));
  p->set_type(type);
  p->set_time_bucket(bucket);
  for (const std::string& category : SplitList(a.categories)) p->add_accepted_categories(category);
  p->set_location_precision(a.precision);
  p->set_may_ask_questions(a.questions);
  for (const std::string& n : a.scrub_names) p->add_names_to_scrub(n);
  return create;
}

Status CreateChannel(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto create = BuildChannel(c, a);
  auto id = create.ok() ? c.CreateChannel(*create) : Result<Bytes>(create.status());
  WB_RETURN_IF_ERROR(Finish(c, id.status()));
  if (g.json) PrintJson({{"channel_id", HexEncode(*id)}});
  if (!g.json) std::cout << HexEncode(*id) << "\n";
  return Status::Ok();
}

Status ListChannels(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto community = ResolveCommunity(c, a.community);
  auto list = community.ok() ? c.ListChannels(*community)
                             : Result<std::vector<v1::ChannelInfo>>(community.status());
  WB_RETURN_IF_ERROR(Finish(c, list.status()));
  boost::json::array out;
  for (const v1::ChannelInfo& ch : *list) {
    const v1::ChannelPolicy& p = ch.policy();
    boost::json::array categories(p.accepted_categories().begin(), p.accepted_categories().end());
    out.push_back({{"channel_id", Hex(ch.channel_id())},
                   {"name", ch.name()},
                   {"type", client::ChannelTypeName(p.type())},
                   {"categories", categories},
                   {"precision", p.location_precision()},
                   {"bucket", client::TimeBucketName(p.time_bucket())},
                   {"questions", p.may_ask_questions()},
                   {"has_key", !ch.public_key().empty()}});
    if (!g.json)
      std::cout << Hex(ch.channel_id()) << "  " << client::ChannelTypeName(p.type()) << "  "
                << Printable(ch.name()) << (ch.public_key().empty() ? "  (no key yet)" : "")
                << "\n";
  }
  if (g.json) PrintJson(out);
  return Status::Ok();
}

Result<v1::InviteCreated> InviteIn(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  v1::CreateInvite invite;
  invite.set_kind(v1::INVITE_CHANNEL);
  invite.set_channel_id(ToString(channel));
  return c.CreateInvite(invite);
}

Status Invite(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto created = InviteIn(c, a);
  WB_RETURN_IF_ERROR(Finish(c, created.status()));
  if (g.json) PrintJson({{"token", created->token()}, {"expires_at_ms", created->expires_at_ms()}});
  if (!g.json) std::cout << created->token() << "\n";
  return Status::Ok();
}

Result<std::vector<client::PartnerCard>> CardsIn(client::Client& c, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  WB_RETURN_IF_ERROR(c.SyncChannel(channel, /*from_start=*/true));
  return c.PartnerCards(channel);
}

// Photos are personal data: owner-only files in an owner-only folder.
Status SavePhotos(const std::vector<client::PartnerCard>& cards, const std::string& dir) {
  if (dir.empty()) return Status::Ok();
  WB_RETURN_IF_ERROR(client::EnsurePrivateDir(dir));
  for (const client::PartnerCard& card : cards)
    if (!card.photo.empty())
      WB_RETURN_IF_ERROR(client::WriteFileAtomically(
          dir + "/" + Hex(card.share.share_id()) + ".photo", AsBytes(card.photo)));
  return Status::Ok();
}

Status Cards(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  auto cards = CardsIn(c, a);
  WB_RETURN_IF_ERROR(Finish(c, cards.status()));
  WB_RETURN_IF_ERROR(SavePhotos(*cards, a.photos));
  PrintItems(*cards, g.json, CardJson, PrintCard);
  return Status::Ok();
}

Status SetStatus(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(Bytes share, ParseShareId(a.share));
  WB_ASSIGN_OR_RETURN(v1::ShareStatus status, client::ParseShareStatus(a.status));
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, c.SetShareStatus(share, status)));
  if (g.json) PrintJson({{"status", a.status}});
  if (!g.json) std::cout << "status " << a.status << "\n";
  return Status::Ok();
}

// Sends a question (or an update) to the reporter of a share.
Status ToReporter(client::Client& c, const Bytes& share, const Args& a, bool update) {
  auto send = [&] {
    return update ? c.PostShareUpdate(share, a.text) : c.AskQuestion(share, a.text);
  };
  auto held = send();
  if (held.code() != Code::kNotFound) return held;
  // Not held yet on this device: sync its channels, then try once more.
  for (const client::PartnerChannel& ch : c.state().signals().channels())
    WB_RETURN_IF_ERROR(c.SyncChannel(AsBytes(ch.channel_id()), true));
  return send();
}

Status SendToReporter(const Globals& g, const Args& a, bool update) {
  WB_ASSIGN_OR_RETURN(Bytes share, ParseShareId(a.share));
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  WB_RETURN_IF_ERROR(Finish(c, ToReporter(c, share, a, update)));
  const char* done = update ? "posted" : "asked";
  if (g.json) PrintJson({{done, true}});
  if (!g.json) std::cout << done << "\n";
  return Status::Ok();
}

Status Ask(const Globals& g, const Args& a) { return SendToReporter(g, a, false); }
Status Update(const Globals& g, const Args& a) { return SendToReporter(g, a, true); }

// "YYYY-MM-DD" (UTC midnight) -> milliseconds.
Result<int64_t> ParseDate(const std::string& text) {
  std::tm tm{};
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31)
    return InvalidArgument("dates are YYYY-MM-DD");
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

Status TrendsIn(client::Client& c, const Globals& g, const Args& a) {
  int64_t now = static_cast<int64_t>(std::time(nullptr)) * 1000;
  int64_t from = now - kDefaultTrendDays * kDayMs, to = now + kDayMs;
  if (!a.from.empty()) {
    WB_ASSIGN_OR_RETURN(from, ParseDate(a.from));
  }
  if (!a.to.empty()) {
    WB_ASSIGN_OR_RETURN(to, ParseDate(a.to));
  }
  WB_ASSIGN_OR_RETURN(Bytes channel, ResolveChannel(c, a.channel));
  WB_ASSIGN_OR_RETURN(v1::TrendCells cells, c.GetTrends(channel, from, to));
  boost::json::array out;
  for (const v1::TrendCell& cell : cells.cells()) {
    out.push_back({{"week", cell.week()},
                   {"category", cell.category()},
                   {"area", cell.area()},
                   {"reports", cell.reports()}});
    if (!g.json)
      std::cout << cell.week() << "  " << cell.category() << "  " << cell.area() << "  "
                << cell.reports() << "\n";
  }
  if (g.json) PrintJson({{"cells", out}, {"suppressed_reports", cells.suppressed_reports()}});
  if (!g.json) std::cout << "suppressed: " << cells.suppressed_reports() << "\n";
  return Status::Ok();
}

Status Trends(const Globals& g, const Args& a) {
  WB_ASSIGN_OR_RETURN(client::Client c, ConnectClient(g));
  return Finish(c, TrendsIn(c, g, a));
}

void AddChannel(CLI::App& app, const Globals& g, const ActionSlot& slot,
                const std::shared_ptr<Args>& a) {
  CLI::App* channel = app.add_subcommand("channel", "partner channels of a community");
  channel->require_subcommand(1);
  CLI::App* create = AddCommand(*channel, "create", "create a channel (admin); prints its id", g,
                                slot, a, CreateChannel);
  create->add_option("COMMUNITY", a->community, "community id or name")->required();
  create->add_option("NAME", a->name, "channel name")->required();
  create->add_option("--type", a->type, "municipality, police, housing or other");
  create->add_option("--categories", a->categories, "accepted category ids, comma-separated")
      ->required();
  create->add_option("--precision", a->precision, "geohash length 1..8 (default 6)");
  create->add_option("--bucket", a->bucket, "hour, day or week (default day)");
  create->add_flag("--questions", a->questions, "the partner may ask questions");
  create->add_option("--scrub-name", a->scrub_names, "a name the scrubber removes (repeatable)");
  AddCommand(*channel, "list", "the community's channels", g, slot, a, ListChannels)
      ->add_option("COMMUNITY", a->community, "community id or name")
      ->required();
  AddCommand(*channel, "invite", "an invite for a partner of the channel (admin)", g, slot, a,
             Invite)
      ->add_option("CHANNEL", a->channel, "channel id or name")
      ->required();
}

}  // namespace

void AddChannelCommands(CLI::App& app, const Globals& g, const ActionSlot& slot) {
  auto a = std::make_shared<Args>();
  AddChannel(app, g, slot, a);
  CLI::App* partner = app.add_subcommand("partner", "a partner's view of a channel");
  partner->require_subcommand(1);
  CLI::App* cards = AddCommand(*partner, "cards", "sync the channel and print its cards, opened", g,
                               slot, a, Cards);
  cards->add_option("CHANNEL", a->channel, "channel id or name")->required();
  cards->add_option("--photos", a->photos, "save opened photos as DIR/<share id>.photo");
  CLI::App* status = AddCommand(*partner, "status", "set a share's status", g, slot, a, SetStatus);
  status->add_option("SHARE", a->share, "share id")->required();
  status->add_option("STATUS", a->status, "received, in_progress, resolved or rejected")
      ->required();
  CLI::App* ask = AddCommand(*partner, "ask", "ask the reporter a question", g, slot, a, Ask);
  ask->add_option("SHARE", a->share, "share id")->required();
  ask->add_option("TEXT", a->text, "the question")->required();
  CLI::App* update = AddCommand(*partner, "update",
                                "post an update the reporter's device shares in the report's group",
                                g, slot, a, Update);
  update->add_option("SHARE", a->share, "share id")->required();
  update->add_option("TEXT", a->text, "the update, at most 1000 bytes")->required();
  CLI::App* trends =
      AddCommand(app, "trends", "k-anonymous counts of a channel's cards", g, slot, a, Trends);
  trends->add_option("CHANNEL", a->channel, "channel id or name")->required();
  trends->add_option("--from", a->from, "YYYY-MM-DD (default: 28 days ago)");
  trends->add_option("--to", a->to, "YYYY-MM-DD (default: tomorrow)");
}

}  // namespace weerbaar::cli
