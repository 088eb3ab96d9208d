// Resolving ids and printing for the signal-report commands.
#include <iostream>

#include "clients/cli/signals.h"
#include "clients/signal_text.h"
#include "crypto/scrubber.h"
#include "protocol/codec.h"

namespace weerbaar::cli {
namespace {

namespace json = boost::json;

constexpr size_t kMinPrefixDigits = 8;

std::string CardArea(const signals::Card& card) {
  return card.geohash ? *card.geohash : std::string("(no location)");
}

std::string When(const std::optional<int64_t>& ms) {
  return ms ? FormatTime(static_cast<uint64_t>(*ms)) : std::string("(no time)");
}

json::array ThreadJson(const std::vector<client::ThreadLine>& thread) {
  json::array out;
  for (const client::ThreadLine& t : thread)
    out.push_back({{"from_partner", t.from_partner},
                   {"is_update", t.is_update},
                   {"opened", t.opened},
                   {"text", t.text},
                   {"server_time_ms", t.server_time_ms}});
  return out;
}

void PrintThread(const std::vector<client::ThreadLine>& thread) {
  for (const client::ThreadLine& t : thread)
    std::cout << "    "
              << (t.is_update      ? "update:   "
                  : t.from_partner ? "question: "
                                   : "answer:   ")
              << Printable(t.text) << "\n";
}

}  // namespace

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<Bytes> ResolveReport(const client::Client& c, std::string_view arg) {
  if (arg.size() < kMinPrefixDigits)
    return InvalidArgument("give at least 8 hex digits of a report id");
  std::optional<Bytes> found;
  for (const client::LocalReport& r : c.state().signals().reports()) {
    if (Hex(r.report_id()).rfind(arg, 0) != 0) continue;
    if (found) return InvalidArgument("report id prefix is ambiguous; give more digits");
    found = ToBytes(r.report_id());
  }
  if (!found) return NotFound("no report with that id on this device");
  return *found;
}

Result<Bytes> ResolveChannel(client::Client& c, std::string_view arg) {
  if (arg.size() == 2 * protocol::kIdBytes) {
    if (auto id = HexDecode(arg)) return *id;
  }
  WB_ASSIGN_OR_RETURN(std::vector<v1::CommunitySummary> communities, c.ListCommunities());
  std::optional<Bytes> found;
  for (const v1::CommunitySummary& community : communities) {
    WB_ASSIGN_OR_RETURN(std::vector<v1::ChannelInfo> list,
                        c.ListChannels(AsBytes(community.community_id())));
    for (const v1::ChannelInfo& channel : list) {
      if (channel.name() != arg) continue;
      if (found) return InvalidArgument("channel name is ambiguous; use its id");
      found = ToBytes(channel.channel_id());
    }
  }
  if (!found) return NotFound("no channel with that id or name");
  return *found;
}

Result<Bytes> ParseShareId(std::string_view arg) {
  auto id = arg.size() == 2 * protocol::kIdBytes ? HexDecode(arg) : std::nullopt;
  if (!id) return InvalidArgument("a share id is 32 hex digits");
  return *id;
}

json::object PreviewJson(const client::SharePreview& p) {
  json::array fields(p.fields.begin(), p.fields.end());
  json::object scrubbed;
  for (size_t k = 0; k < crypto::kPiiKindCount; ++k)
    if (p.scrub.counts[k] > 0)
      scrubbed[crypto::PiiMarker(static_cast<crypto::PiiKind>(k))] = p.scrub.counts[k];
  json::object out{{"category", p.card.category},
                   {"purpose", p.purpose},
                   {"fields", fields},
                   {"expires_at_ms", p.expires_at_ms},
                   {"details", p.details},
                   {"details_text", p.details_text},
                   {"scrubbed", scrubbed},
                   {"photo", p.photo},
                   {"contact", p.contact}};
  if (p.card.geohash) out["geohash"] = *p.card.geohash;
  if (p.card.time_bucket_start_ms) out["time_bucket_start_ms"] = *p.card.time_bucket_start_ms;
  return out;
}

void PrintPreview(const client::SharePreview& p) {
  std::cout << "the channel will see:\n"
            << "  category  " << p.card.category << "\n"
            << "  area      " << CardArea(p.card) << "\n"
            << "  time      " << When(p.card.time_bucket_start_ms) << " ("
            << signals::TimeBucketName(p.card.time_bucket) << ")\n"
            << "  purpose   " << p.purpose << ", until " << FormatTime(p.expires_at_ms) << "\n"
            << "  details   "
            << (p.details ? Printable(p.details_text) : std::string("(not shared)")) << "\n";
  if (p.scrub.total() > 0)
    std::cout << "  scrubbed  " << p.scrub.total() << " item(s) replaced by markers\n";
  std::cout << "  photo     " << (p.photo ? "yes" : "no") << "\n"
            << "  contact   " << (p.contact ? "yes: " + Printable(p.contact_name) : "no") << "\n";
}

json::object MyShareJson(const client::MyShareView& s) {
  return {{"share_id", Hex(s.share.share_id())},
          {"report_id", Hex(s.share.report_id())},
          {"channel_id", Hex(s.share.channel_id())},
          {"channel_name", s.channel_name},
          {"status", client::ShareStatusName(s.share.status())},
          {"thread", ThreadJson(s.thread)}};
}

void PrintMyShare(const client::MyShareView& s) {
  std::cout << Hex(s.share.share_id()) << "  report " << client::ShortHex(s.share.report_id())
            << "  " << Printable(s.channel_name) << "  "
            << client::ShareStatusName(s.share.status()) << "\n";
  PrintThread(s.thread);
}

json::object CardJson(const client::PartnerCard& card) {
  const v1::ChannelShare& s = card.share;
  json::object out{{"share_id", Hex(s.share_id())},
                   {"report_id", Hex(s.report_id())},
                   {"category", s.card().category()},
                   {"pseudonym", Hex(s.card().pseudonym())},
                   {"purpose", s.purpose()},
                   {"status", client::ShareStatusName(s.status())},
                   {"opened", card.opened},
                   {"details_text", card.details_text},
                   {"photo_bytes", card.photo.size()},
                   {"thread", ThreadJson(card.thread)}};
  if (s.card().has_geohash()) out["geohash"] = s.card().geohash();
  if (s.card().has_time_bucket_start_ms())
    out["time_bucket_start_ms"] = s.card().time_bucket_start_ms();
  if (card.contact) out["contact_name"] = card.contact->name();
  if (!card.problem.empty()) out["problem"] = card.problem;
  return out;
}

void PrintCard(const client::PartnerCard& card) {
  const v1::ChannelShare& s = card.share;
  std::cout << Hex(s.share_id()) << "  " << s.card().category() << "  "
            << (s.card().has_geohash() ? s.card().geohash() : "(no location)") << "  "
            << (s.card().has_time_bucket_start_ms() ? FormatTime(s.card().time_bucket_start_ms())
                                                    : "(no time)")
            << "  " << client::ShareStatusName(s.status()) << "  " << s.purpose() << "\n";
  if (!card.opened) std::cout << "    (" << Printable(card.problem) << ")\n";
  if (!card.details_text.empty())
    std::cout << "    details: " << Printable(card.details_text) << "\n";
  if (!card.photo.empty()) std::cout << "    photo: " << card.photo.size() << " bytes\n";
  if (card.contact) std::cout << "    contact: " << Printable(card.contact->name()) << "\n";
  PrintThread(card.thread);
}

}  // namespace weerbaar::cli
