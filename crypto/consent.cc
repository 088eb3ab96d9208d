#include "crypto/consent.h"

#include <algorithm>

#include "crypto/encoding.h"

namespace weerbaar::crypto {
namespace {

constexpr uint8_t kVersion = 1;

Status CheckId(ByteView id, size_t size, std::string_view what) {
  if (id.size() != size) return InvalidArgument(std::string("consent: bad ") + std::string(what));
  return Status::Ok();
}

bool IsPurpose(std::string_view purpose) {
  return std::find(kConsentPurposes.begin(), kConsentPurposes.end(), purpose) !=
         kConsentPurposes.end();
}

bool IsField(std::string_view field) {
  return std::find(kConsentFields.begin(), kConsentFields.end(), field) != kConsentFields.end();
}

// Known, unique and non-empty; returned in canonical (ascending) order.
Result<std::vector<std::string>> CanonicalFields(std::vector<std::string> fields) {
  if (fields.empty() || fields.size() > kConsentFields.size()) {
    return InvalidArgument("consent: bad field list");
  }
  std::sort(fields.begin(), fields.end());
  for (size_t k = 0; k < fields.size(); ++k) {
    if (!IsField(fields[k])) return InvalidArgument("consent: unknown field");
    if (k > 0 && fields[k] == fields[k - 1]) return InvalidArgument("consent: repeated field");
  }
  return fields;
}

Status CheckDeviceAndIds(ByteView report_id, ByteView channel_id, ByteView device_id) {
  WB_RETURN_IF_ERROR(CheckId(report_id, kReportIdBytes, "report id"));
  WB_RETURN_IF_ERROR(CheckId(channel_id, kChannelIdBytes, "channel id"));
  return CheckId(device_id, kDeviceIdBytes, "device id");
}

Status ValidateConsent(const ConsentRecord& r) {
  WB_RETURN_IF_ERROR(CheckDeviceAndIds(r.report_id, r.channel_id, r.device_id));
  if (!IsPurpose(r.purpose)) return InvalidArgument("consent: unknown purpose");
  if (r.issued_at_ms < 0 || r.expires_at_ms <= r.issued_at_ms) {
    return InvalidArgument("consent: bad validity period");
  }
  return Status::Ok();
}

void AppendU64(Bytes& out, int64_t v) { internal::AppendU64(out, static_cast<uint64_t>(v)); }

int64_t ReadU64(internal::Reader& r) {
  uint64_t high = r.U32();
  uint64_t low = r.U32();
  return static_cast<int64_t>((high << 32) | low);
}

Bytes ReadField(internal::Reader& r) {
  ByteView v = r.Take(r.U32());
  return Bytes(v.begin(), v.end());
}

// Verifies `signature` over `message` and that `device_id` names `signing_public_key`.
Status CheckSignature(std::string_view context, ByteView message, ByteView signature,
                      ByteView signing_public_key, ByteView device_id) {
  if (DeviceIdFor(signing_public_key) != Bytes(device_id.begin(), device_id.end()) ||
      !VerifyWithContext(signing_public_key, context, message, signature)) {
    return Unauthenticated("consent: signature does not verify");
  }
  return Status::Ok();
}

Status CheckNotFromTheFuture(int64_t dated_ms, int64_t now_ms) {
  if (dated_ms > now_ms + kConsentClockSkewMs) {
    return FailedPrecondition("consent: dated in the future");
  }
  return Status::Ok();
}

}  // namespace

bool ConsentRecord::Covers(std::string_view field) const {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

Result<Bytes> EncodeConsent(const ConsentRecord& r) {
  WB_RETURN_IF_ERROR(ValidateConsent(r));
  WB_ASSIGN_OR_RETURN(std::vector<std::string> fields, CanonicalFields(r.fields));
  Bytes out{kVersion};
  internal::AppendLengthPrefixed(out, r.report_id);
  internal::AppendLengthPrefixed(out, r.channel_id);
  internal::AppendLengthPrefixed(out, AsBytes(r.purpose));
  internal::AppendU32(out, static_cast<uint32_t>(fields.size()));
  for (const std::string& f : fields) internal::AppendLengthPrefixed(out, AsBytes(f));
  AppendU64(out, r.expires_at_ms);
  AppendU64(out, r.issued_at_ms);
  internal::AppendLengthPrefixed(out, r.device_id);
  return out;
}

Result<ConsentRecord> DecodeConsent(ByteView encoded) {
  internal::Reader in(encoded);
  if (in.U8() != kVersion) return InvalidArgument("consent: unknown version");
  ConsentRecord r;
  r.report_id = ReadField(in);
  r.channel_id = ReadField(in);
  r.purpose = ToString(ReadField(in));
  uint32_t n = in.U32();
  if (n > kConsentFields.size()) return InvalidArgument("consent: bad field list");
  for (uint32_t k = 0; k < n; ++k) r.fields.push_back(ToString(ReadField(in)));
  r.expires_at_ms = ReadU64(in);
  r.issued_at_ms = ReadU64(in);
  r.device_id = ReadField(in);
  if (!in.Done()) return InvalidArgument("consent: malformed");
  WB_RETURN_IF_ERROR(ValidateConsent(r));
  WB_ASSIGN_OR_RETURN(std::vector<std::string> canonical, CanonicalFields(r.fields));
  if (canonical != r.fields) return InvalidArgument("consent: fields not in canonical order");
  return r;
}

Result<Bytes> EncodeWithdrawal(const ConsentWithdrawal& w) {
  WB_RETURN_IF_ERROR(CheckDeviceAndIds(w.report_id, w.channel_id, w.device_id));
  if (w.withdrawn_at_ms < 0) return InvalidArgument("consent: bad withdrawal time");
  Bytes out{kVersion};
  internal::AppendLengthPrefixed(out, w.report_id);
  internal::AppendLengthPrefixed(out, w.channel_id);
  AppendU64(out, w.withdrawn_at_ms);
  internal::AppendLengthPrefixed(out, w.device_id);
  return out;
}

Result<ConsentWithdrawal> DecodeWithdrawal(ByteView encoded) {
  internal::Reader in(encoded);
  if (in.U8() != kVersion) return InvalidArgument("consent: unknown version");
  ConsentWithdrawal w;
  w.report_id = ReadField(in);
  w.channel_id = ReadField(in);
  w.withdrawn_at_ms = ReadU64(in);
  w.device_id = ReadField(in);
  if (!in.Done()) return InvalidArgument("consent: malformed");
  WB_RETURN_IF_ERROR(EncodeWithdrawal(w));
  return w;
}

Result<Bytes> SignConsent(const DeviceIdentity& device, const ConsentRecord& record) {
  if (record.device_id != device.device_id()) {
    return InvalidArgument("consent: record names another device");
  }
  WB_ASSIGN_OR_RETURN(Bytes message, EncodeConsent(record));
  return device.SignWithContext(kConsentContext, message);
}

Result<Bytes> SignWithdrawal(const DeviceIdentity& device, const ConsentWithdrawal& withdrawal) {
  if (withdrawal.device_id != device.device_id()) {
    return InvalidArgument("consent: withdrawal names another device");
  }
  WB_ASSIGN_OR_RETURN(Bytes message, EncodeWithdrawal(withdrawal));
  return device.SignWithContext(kWithdrawalContext, message);
}

Status CheckConsent(const ConsentRecord& record, ByteView signature, ByteView signing_public_key,
                    ByteView channel_id, int64_t now_ms) {
  WB_ASSIGN_OR_RETURN(Bytes message, EncodeConsent(record));
  WB_RETURN_IF_ERROR(
      CheckSignature(kConsentContext, message, signature, signing_public_key, record.device_id));
  if (record.channel_id != Bytes(channel_id.begin(), channel_id.end())) {
    return PermissionDenied("consent: for another channel");
  }
  WB_RETURN_IF_ERROR(CheckNotFromTheFuture(record.issued_at_ms, now_ms));
  if (now_ms >= record.expires_at_ms) return FailedPrecondition("consent: expired");
  return Status::Ok();
}

Status CheckWithdrawal(const ConsentWithdrawal& withdrawal, ByteView signature,
                       ByteView signing_public_key, const ConsentRecord& consent, int64_t now_ms) {
  WB_ASSIGN_OR_RETURN(Bytes message, EncodeWithdrawal(withdrawal));
  WB_RETURN_IF_ERROR(CheckSignature(kWithdrawalContext, message, signature, signing_public_key,
                                    withdrawal.device_id));
  if (withdrawal.report_id != consent.report_id || withdrawal.channel_id != consent.channel_id) {
    return PermissionDenied("consent: withdrawal for another share");
  }
  return CheckNotFromTheFuture(withdrawal.withdrawn_at_ms, now_ms);
}

}  // namespace weerbaar::crypto
