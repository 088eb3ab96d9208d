#include "server/export_json.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <iterator>

#include "common/bytes.h"
#include "server/wire.h"
#include "server/wire_retention.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;

std::string Hex(const std::string& bytes) { return HexEncode(AsBytes(bytes)); }
std::string B64(const std::string& bytes) { return Base64UrlEncode(AsBytes(bytes)); }
std::string ClassName(storage::DataClass c) { return std::string(storage::DataClassName(c)); }
std::string RoleName(storage::Role role) { return v1::Role_Name(RoleToWire(role)); }

std::string ActionName(storage::AuditAction action) {
  static const char* const kNames[] = {"share",   "withdrawal", "policy-change",
                                       "erasure", "export",     "admin-action"};
  size_t i = static_cast<size_t>(action);
  return i >= 1 && i <= std::size(kNames) ? kNames[i - 1] : "unknown";
}

std::string KindName(storage::InviteKind kind) {
  static const char* const kNames[] = {"admin", "community", "group", "device-link"};
  size_t i = static_cast<size_t>(kind);
  return i >= 1 && i <= std::size(kNames) ? kNames[i - 1] : "unknown";
}

template <typename T, typename F>
json::array Map(const std::vector<T>& items, F f) {
  json::array out;
  for (const T& item : items) out.push_back(f(item));
  return out;
}

json::object Account(const storage::UserRecord& u) {
  return {{"user_id", Hex(u.user_id)},
          {"display_name", u.display_name},
          {"is_admin", u.is_admin},
          {"created_ms", u.created_ms}};
}

json::object Device(const storage::DeviceRecord& d) {
  return {{"device_id", Hex(d.device_id)},
          {"signing_key", Hex(d.signing_key)},
          {"agreement_key", Hex(d.agreement_key)},
          {"agreement_sig", Hex(d.agreement_sig)},
          {"created_ms", d.created_ms}};
}

json::object Community(const std::pair<storage::CommunityRecord, storage::Role>& c) {
  return {{"community_id", Hex(c.first.community_id)},
          {"name", c.first.name},
          {"role", RoleName(c.second)},
          {"created_ms", c.first.created_ms}};
}

json::object Group(const storage::GroupRecord& g) {
  return {{"group_id", Hex(g.group_id)},
          {"community_id", Hex(g.community_id)},
          {"name", g.name},
          {"epoch", g.epoch},
          {"created_ms", g.created_ms}};
}

json::object Message(const storage::StoredMessage& m) {
  return {{"group_id", Hex(m.group_id)},           {"seq", m.seq},
          {"sender_device", Hex(m.sender_device)}, {"epoch", m.epoch},
          {"client_msg_id", Hex(m.client_msg_id)}, {"server_time_ms", m.server_time_ms},
          {"data_class", ClassName(m.data_class)}, {"ciphertext", B64(m.ciphertext)}};
}

json::object Inbox(const storage::InboxEntry& e) {
  return {{"device_id", Hex(e.device_id)},      {"seq", e.seq},
          {"from_device", Hex(e.from_device)},  {"from_user", Hex(e.from_user)},
          {"server_time_ms", e.server_time_ms}, {"data_class", ClassName(e.data_class)},
          {"payload", B64(e.payload)}};
}

json::object Cursor(const storage::Cursor& c) {
  return {{"device_id", Hex(c.device_id)}, {"group_id", Hex(c.group_id)}, {"seq", c.seq}};
}

json::object Invite(const storage::InviteRecord& i) {
  return {{"token_hash", Hex(i.token_hash)}, {"kind", KindName(i.kind)},
          {"role", RoleName(i.role)},        {"community_id", Hex(i.community_id)},
          {"group_id", Hex(i.group_id)},     {"expires_ms", i.expires_ms}};
}

json::object Retention(const storage::EffectiveRetention& r) {
  v1::ClassRetention w;
  RetentionToWire(r, &w);
  return {{"data_class", w.name()},
          {"community_id", Hex(r.community_id)},
          {"while_exists", w.while_exists()},
          {"period_ms", w.period_ms()},
          {"source", v1::RetentionSource_Name(w.source())},
          {"clamped", w.clamped()}};
}

json::object Audit(const storage::AuditEntry& a) {
  return {{"index", a.index},      {"time_ms", a.time_ms},      {"action", ActionName(a.action)},
          {"actor", Hex(a.actor)}, {"subject", Hex(a.subject)}, {"detail", a.detail}};
}

json::object Share(const storage::ShareRecord& s) {
  json::object o{{"share_id", Hex(s.share_id)},
                 {"channel_id", Hex(s.channel_id)},
                 {"report_id", Hex(s.report_id)},
                 {"community_id", Hex(s.community_id)},
                 {"category", s.category},
                 {"purpose", s.purpose},
                 {"consent_expires_at_ms", s.consent_expires_at_ms},
                 {"status", v1::ShareStatus_Name(static_cast<v1::ShareStatus>(s.status))},
                 {"created_ms", s.created_ms},
                 {"sealed_details", B64(s.sealed_details)},
                 {"sealed_photo", B64(s.sealed_photo)},
                 {"sealed_contact", B64(s.sealed_contact)},
                 {"thread_entries", s.thread.size()}};
  if (s.geohash) o["geohash"] = *s.geohash;
  if (s.time_bucket_start_ms) o["time_bucket_start_ms"] = *s.time_bucket_start_ms;
  return o;
}

}  // namespace

std::string ExportJson(const storage::UserExport& d,
                       const std::vector<storage::ShareRecord>& shares,
                       const std::string& server_id) {
  json::object o;
  o["format"] = kExportFormat;
  o["exported_at_ms"] = d.exported_ms;
  o["server_id"] = Hex(server_id);
  o["account"] = Account(d.user);
  o["devices"] = Map(d.devices, Device);
  o["communities"] = Map(d.communities, Community);
  o["groups"] = Map(d.groups, Group);
  o["messages"] = Map(d.messages, Message);
  o["inbox"] = Map(d.inbox, Inbox);
  o["cursors"] = Map(d.cursors, Cursor);
  o["invites"] = Map(d.invites, Invite);
  o["retention"] = Map(d.retention, Retention);
  o["shares"] = Map(shares, Share);
  o["audit"] = Map(d.audit, Audit);
  return json::serialize(o);
}

}  // namespace weerbaar::server
