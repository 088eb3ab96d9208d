#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <iostream>

#include "clients/cli/cli.h"
#include "clients/cli/privacy.h"
#include "protocol/codec.h"

namespace weerbaar::cli {
namespace {

namespace json = boost::json;

struct Unit {
  std::string_view suffix;
  uint64_t ms;
  std::string_view name;
};
constexpr uint64_t kDay = 86'400'000;
// Longest suffix first, so "ms" is not read as "m".
constexpr Unit kUnits[] = {{"ms", 1, "ms"},           {"s", 1000, "seconds"},
                           {"m", 60'000, "minutes"},  {"h", 3'600'000, "hours"},
                           {"d", kDay, "days"},       {"w", 7 * kDay, "weeks"},
                           {"y", 365 * kDay, "years"}};

std::string SourceName(v1::RetentionSource s) {
  switch (s) {
    case v1::RETENTION_ADMIN:
      return "admin";
    case v1::RETENTION_COMMUNITY:
      return "community";
    default:
      return "built-in";
  }
}

}  // namespace

Result<uint64_t> ParseDuration(std::string_view text) {
  for (const Unit& unit : kUnits) {
    if (!text.ends_with(unit.suffix)) continue;
    std::string_view digits = text.substr(0, text.size() - unit.suffix.size());
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) break;
    if (n == 0 || n > protocol::kMaxRetentionMs / unit.ms) break;
    return n * unit.ms;
  }
  return InvalidArgument("a duration looks like 90d, 12h, 6w or 2y");
}

std::string FormatDuration(uint64_t ms) {
  if (ms >= kDay && ms % kDay == 0) return std::to_string(ms / kDay) + " days";
  if (ms >= 3'600'000 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + " hours";
  return std::to_string(ms) + " ms";
}

std::optional<v1::DataClass> ParseDataClass(std::string_view name) {
  static const std::pair<std::string_view, v1::DataClass> kNames[] = {
      {"account", v1::DATA_CLASS_ACCOUNT},
      {"membership", v1::DATA_CLASS_MEMBERSHIP},
      {"chat-message", v1::DATA_CLASS_CHAT_MESSAGE},
      {"delivery", v1::DATA_CLASS_DELIVERY},
      {"signal-report", v1::DATA_CLASS_SIGNAL_REPORT},
      {"partner-share", v1::DATA_CLASS_PARTNER_SHARE},
      {"consent-record", v1::DATA_CLASS_CONSENT_RECORD},
      {"survey-response", v1::DATA_CLASS_SURVEY_RESPONSE},
      {"audit-entry", v1::DATA_CLASS_AUDIT_ENTRY}};
  for (const auto& [n, c] : kNames)
    if (n == name) return c;
  return std::nullopt;
}

json::object RetentionJson(const v1::ClassRetention& r) {
  json::object o{{"data_class", r.name()},     {"while_exists", r.while_exists()},
                 {"period_ms", r.period_ms()}, {"source", SourceName(r.source())},
                 {"clamped", r.clamped()},     {"community_may_choose", r.community_may_choose()}};
  if (!r.while_exists()) {
    o["default_ms"] = r.default_ms();
    o["min_ms"] = r.min_ms();
    o["max_ms"] = r.max_ms();
  }
  return o;
}

std::string RetentionLine(const v1::ClassRetention& r) {
  std::string name = r.name();
  name.resize(std::max<size_t>(name.size(), 16), ' ');
  if (r.while_exists()) return name + "while what it belongs to exists";
  std::string line = name + FormatDuration(r.period_ms()) + " (" + SourceName(r.source()) +
                     (r.clamped() ? ", clamped" : "") + "; default " +
                     FormatDuration(r.default_ms()) + ", " + FormatDuration(r.min_ms()) + " .. " +
                     FormatDuration(r.max_ms());
  return line + (r.community_may_choose() ? "; communities may choose)" : ")");
}

json::object ReceiptJson(const v1::ErasureReceipt& r) {
  json::array groups;
  for (const v1::GroupChanged& g : r.left_groups())
    groups.push_back({{"group_id", Hex(g.group_id())}, {"epoch", g.epoch()}});
  return {{"user_id", Hex(r.user_id())},
          {"erased_at_ms", r.erased_at_ms()},
          {"devices", r.devices()},
          {"memberships", r.memberships()},
          {"messages", r.messages()},
          {"inbox_entries", r.inbox_entries()},
          {"sent_inbox_entries", r.sent_inbox_entries()},
          {"cursors", r.cursors()},
          {"dedup_ids", r.dedup_ids()},
          {"invites", r.invites()},
          {"data_keys_destroyed", r.data_keys_destroyed()},
          {"audit_index", r.audit_index()},
          {"left_groups", groups}};
}

void PrintReceipt(const v1::ErasureReceipt& r) {
  std::cout << "erased user " << Hex(r.user_id()) << " at " << FormatTime(r.erased_at_ms()) << "\n";
  for (const auto& [name, value] : ReceiptJson(r)) {
    if (!value.is_uint64() || name == "erased_at_ms") continue;
    std::cout << "  " << std::string(name) << ": " << value.as_uint64() << "\n";
  }
  std::cout << "  groups left: " << r.left_groups_size() << "\n";
}

json::object AuditJson(const v1::AuditVerification& v) {
  return {{"intact", v.intact()},         {"first_bad_index", v.first_bad_index()},
          {"entries", v.entries()},       {"anchor_index", v.anchor_index()},
          {"head_index", v.head_index()}, {"head_hash", Hex(v.head_hash())},
          {"problem", v.problem()}};
}

void PrintAudit(const v1::AuditVerification& v) {
  if (!v.intact()) {
    std::cout << "audit log BROKEN at entry " << v.first_bad_index() << ": "
              << Printable(v.problem()) << "\n";
    return;
  }
  std::cout << "audit log intact: " << v.entries() << " entries after anchor " << v.anchor_index()
            << "\n";
  if (v.head_index() > 0)
    std::cout << "head " << v.head_index() << " " << Hex(v.head_hash()) << "\n";
}

json::object RecordsJson(const v1::RecordsOfProcessing& r) {
  json::array records;
  for (const v1::ProcessingRecord& p : r.records())
    records.push_back({{"data_class", p.name()},
                       {"purpose", p.purpose()},
                       {"lawful_basis", p.lawful_basis()},
                       {"data_subjects", p.data_subjects()},
                       {"personal_data", p.personal_data()},
                       {"recipients", p.recipients()},
                       {"retention", RetentionJson(p.retention())}});
  return {{"generated_at_ms", r.generated_at_ms()},
          {"server_id", Hex(r.server_id())},
          {"security_measures", r.security_measures()},
          {"records", records}};
}

void PrintRecords(const v1::RecordsOfProcessing& r) {
  std::cout << "Record of processing activities (GDPR Art. 30), generated "
            << FormatTime(r.generated_at_ms()) << "\nserver " << Hex(r.server_id()) << "\n";
  for (const v1::ProcessingRecord& p : r.records()) {
    std::cout << "\n"
              << p.name() << "\n  purpose:        " << p.purpose()
              << "\n  lawful basis:   " << p.lawful_basis()
              << "\n  data subjects:  " << p.data_subjects()
              << "\n  personal data:  " << p.personal_data()
              << "\n  recipients:     " << p.recipients()
              << "\n  retention:      " << RetentionLine(p.retention()) << "\n";
  }
  std::cout << "\nsecurity measures: " << r.security_measures() << "\n";
}

}  // namespace weerbaar::cli
