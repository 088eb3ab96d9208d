// The account export: the server's JSON plus what this device can decrypt of her messages.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "clients/cli/cli.h"
#include "clients/cli/privacy.h"

namespace weerbaar::cli {
namespace {

namespace json = boost::json;

// The local history entry of (group, seq), if this device holds it decrypted.
std::optional<std::string> LocalText(const client::Client& c, const json::object& message) {
  const json::value* group = message.if_contains("group_id");
  const json::value* seq = message.if_contains("seq");
  // Parsed numbers are int64 unless they do not fit: read the seq as a number of any kind.
  boost::system::error_code ec;
  uint64_t want = seq == nullptr ? 0 : seq->to_number<uint64_t>(ec);
  if (group == nullptr || !group->is_string() || ec || want == 0) return {};
  std::optional<Bytes> group_id = HexDecode(std::string(group->as_string()));
  if (!group_id) return {};
  Result<std::vector<client::HistoryEntry>> history = c.History(*group_id);
  if (!history.ok()) return {};
  for (const client::HistoryEntry& e : *history)
    if (e.seq() == want && e.decrypted()) return e.text();
  return {};
}

}  // namespace

Result<std::string> MergeExport(const client::Client& c, const std::string& server_json) {
  boost::system::error_code ec;
  json::value doc = json::parse(server_json, ec);
  if (ec || !doc.is_object()) return DataLoss("the server's export is not a JSON object");
  json::object& root = doc.as_object();
  size_t decrypted = 0;
  if (json::value* messages = root.if_contains("messages"); messages && messages->is_array()) {
    for (json::value& m : messages->as_array()) {
      if (!m.is_object()) continue;
      std::optional<std::string> text = LocalText(c, m.as_object());
      m.as_object()["decrypted"] = text.has_value();
      if (text) m.as_object()["text"] = *text, ++decrypted;
    }
  }
  root["device"] = {{"device_id", Hex(c.state().device_id())},
                    {"decrypted_messages", decrypted},
                    {"note", "text decrypted on this device; the server holds ciphertext only"}};
  return json::serialize(doc);
}

}  // namespace weerbaar::cli
