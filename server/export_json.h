// The server's part of an account export (Art. 15 and 20) as one JSON document.
//
// Ids and keys are lowercase hex, ciphertexts and payloads unpadded base64url; times are
// milliseconds since the Unix epoch. The layout is in docs/protocol.md ("ExportAccount").
// Personal data (every class the export holds): hand it to the user, do not keep or log it.
#pragma once

#include <string>
#include <vector>

#include "storage/store.h"

namespace weerbaar::server {

inline constexpr const char* kExportFormat = "weerbaar-export-1";

// `shares`: the user's shares at partner channels (Store::SharesOfUser), each with the
// purpose and expiry of its consent and the sealed parts the partner received.
std::string ExportJson(const storage::UserExport& data,
                       const std::vector<storage::ShareRecord>& shares,
                       const std::string& server_id);

}  // namespace weerbaar::server
