// Request builders for the retention, erasure, export and audit relay tests.
#pragma once

#include <string>

#include "weerbaar.pb.h"

namespace weerbaar::server {

inline constexpr uint64_t kHour = 3'600'000;
inline constexpr uint64_t kDay = 24 * kHour;

v1::ClientMessage GetRetentionReq(const std::string& community_id = "");
v1::ClientMessage SetRetentionPolicyReq(v1::DataClass data_class, uint64_t default_ms,
                                        uint64_t min_ms, uint64_t max_ms);
v1::ClientMessage SetCommunityRetentionReq(const std::string& community_id,
                                           v1::DataClass data_class, uint64_t period_ms);
v1::ClientMessage ResetCommunityRetentionReq(const std::string& community_id,
                                             v1::DataClass data_class);
v1::ClientMessage EraseAccountReq();
v1::ClientMessage ExportAccountReq();
v1::ClientMessage VerifyAuditReq();
v1::ClientMessage RecordsOfProcessingReq();
v1::ClientMessage SyncInboxReq();

// The entry of `data_class` in a RetentionInfo reply (a default one, with a test failure,
// if it is missing).
v1::ClassRetention ClassIn(const v1::RetentionInfo& info, v1::DataClass data_class);

}  // namespace weerbaar::server
