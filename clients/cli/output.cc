#include <boost/json/serialize.hpp>
#include <ctime>
#include <iostream>

#include "clients/cli/cli.h"

namespace weerbaar::cli {

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    // Escape sequences from another user must not reach the terminal.
    out.push_back((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f ? '?' : c);
  }
  return out;
}

std::string Hex(const std::string& bytes) { return HexEncode(AsBytes(bytes)); }

std::string FormatTime(uint64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) return "?";
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return std::string(buf, n);
}

std::string RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_RESIDENT:
      return "resident";
    case v1::ROLE_LEADER:
      return "leader";
    case v1::ROLE_PARTNER:
      return "partner";
    case v1::ROLE_ADMIN:
      return "admin";
    default:
      return "none";
  }
}

void PrintJson(const boost::json::value& value) {
  std::cout << boost::json::serialize(value) << std::endl;
}

void PrintWarning(std::string_view text) {
  std::cerr << "weerbaar: warning: " << Printable(text) << std::endl;
}

boost::json::object MessageJson(const std::string& group_id, const client::HistoryEntry& e) {
  boost::json::object o;
  o["group_id"] = Hex(group_id);
  o["seq"] = e.seq();
  o["time_ms"] = e.server_time_ms();
  o["sent_at_ms"] = e.sent_at_ms();
  o["sender"] = e.sender_name();
  o["sender_user"] = Hex(e.sender_user());
  o["sender_device"] = Hex(e.sender_device());
  o["decrypted"] = e.decrypted();
  o["text"] = e.text();
  return o;
}

std::string MessageLine(const client::HistoryEntry& e) {
  return std::to_string(e.seq()) + "  " + FormatTime(e.server_time_ms()) + "  " +
         Printable(e.sender_name()) + ": " + Printable(e.text());
}

}  // namespace weerbaar::cli
