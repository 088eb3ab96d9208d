// RenderContent: the history line of a group message's content (group_crypto.h).
#include <cstdio>

#include "clients/group_crypto.h"
#include "clients/signal_text.h"

namespace weerbaar::client {
namespace {

std::string Coordinates(double lat, double lon) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.5f,%.5f", lat, lon);
  return buffer;
}

std::string RenderReport(const v1::ReportBody& r) {
  std::string out = "[report " + r.category() + "] " + r.text();
  std::vector<std::string> extras;
  if (r.has_lat() && r.has_lon()) extras.push_back("at " + Coordinates(r.lat(), r.lon()));
  if (!r.photo().empty()) extras.push_back("photo " + std::to_string(r.photo().size()) + " bytes");
  for (size_t i = 0; i < extras.size(); ++i) out += (i == 0 ? " (" : ", ") + extras[i];
  if (!extras.empty()) out += ")";
  return out;
}

// A status change, or a partner's update shown as "<channel name>: <text>" (capped).
std::string RenderShareUpdate(const v1::ShareUpdateBody& u) {
  const std::string report = "report " + ShortHex(u.report_id());
  if (!u.update_text().empty())
    return "[update] " + report + " " + u.channel_name() + ": " +
           CapShareUpdateText(u.update_text());
  return "[status] " + report + " at " + u.channel_name() + ": " +
         std::string(ShareStatusName(u.status()));
}

}  // namespace

std::string RenderContent(const v1::GroupContent& content) {
  switch (content.body_case()) {
    case v1::GroupContent::kText:
      return content.text().text();
    case v1::GroupContent::kReport:
      return RenderReport(content.report());
    case v1::GroupContent::kShareUpdate:
      return RenderShareUpdate(content.share_update());
    default:
      return "[unsupported message type]";
  }
}

}  // namespace weerbaar::client
