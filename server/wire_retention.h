// Conversions between the store's retention, erasure and audit records and wire messages.
#pragma once

#include <optional>

#include "storage/store.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {

// The store's class for a wire class; nullopt for UNSPECIFIED or a number it does not know.
std::optional<storage::DataClass> DataClassFromWire(v1::DataClass data_class);
v1::DataClass DataClassToWire(storage::DataClass data_class);

// A period in ms as the store takes it. REQUIRES: ms <= protocol::kMaxRetentionMs (codec).
inline int64_t PeriodFromWire(uint64_t ms) { return static_cast<int64_t>(ms); }

void RetentionToWire(const storage::EffectiveRetention& in, v1::ClassRetention* out);
void ReceiptToWire(const storage::ErasureReceipt& in, v1::ErasureReceipt* out);
void AuditCheckToWire(const storage::AuditCheck& in, v1::AuditVerification* out);

}  // namespace weerbaar::server
