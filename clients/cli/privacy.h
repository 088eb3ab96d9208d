// Shared pieces of the retention, erasure, export and audit commands: durations, JSON and
// text renderings of the server's replies, and the merged export.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clients/client.h"
#include "common/status.h"

namespace weerbaar::cli {

// "90d", "12h", "2y" (365 days), "6w", "30m", "45s", "1500ms" -> milliseconds.
// kInvalidArgument for anything else, zero, or more than 100 years.
Result<uint64_t> ParseDuration(std::string_view text);
// "90 days", "2 hours", "1500 ms".
std::string FormatDuration(uint64_t ms);
// A class by its name ("chat-message", ...); nullopt if unknown.
std::optional<v1::DataClass> ParseDataClass(std::string_view name);

boost::json::object RetentionJson(const v1::ClassRetention& r);
// "chat-message    90 days (built-in; default 90 days, 1 day .. 730 days; communities may choose)"
std::string RetentionLine(const v1::ClassRetention& r);
boost::json::object ReceiptJson(const v1::ErasureReceipt& r);
void PrintReceipt(const v1::ErasureReceipt& r);
boost::json::object AuditJson(const v1::AuditVerification& v);
void PrintAudit(const v1::AuditVerification& v);
boost::json::object RecordsJson(const v1::RecordsOfProcessing& r);
void PrintRecords(const v1::RecordsOfProcessing& r);

// The server's export with, for each of her messages this device can decrypt, its "text"
// (and "decrypted": true); adds a "device" object naming this device. kDataLoss if the
// server's JSON does not parse.
Result<std::string> MergeExport(const client::Client& c, const std::string& server_json);

}  // namespace weerbaar::cli
