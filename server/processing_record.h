// The Art. 30 record of processing activities, generated from the live retention policies:
// one entry per data class that holds personal data, with its purpose, lawful basis, data
// subjects, categories of personal data, recipients and the retention in force.
// A plain function of its inputs: the relay reads the policies, this shapes the record.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

// The classes the record covers, in order (every class but kSystem, which holds no
// personal data).
std::vector<storage::DataClass> RecordedClasses();

// `retention` holds the installation's retention (no community) of RecordedClasses();
// classes missing from it are left out of the record.
v1::RecordsOfProcessing BuildRecordsOfProcessing(
    const std::vector<storage::EffectiveRetention>& retention, int64_t now_ms,
    const std::string& server_id);

}  // namespace weerbaar::server
