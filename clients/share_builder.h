// Building a share of a report on the reporter's device, without I/O (docs/signals.md):
// the preview of exactly what the partner channel will get, and the ShareReport request
// (signed consent, card input, sealed details with a fresh reply key, sealed photo and
// contact). The preview runs the server's own privacy filter (signals::FilterCard) and the
// scrubber with the channel's names, so what the reporter sees is what the server admits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client_state.pb.h"
#include "common/status.h"
#include "crypto/channel_seal.h"
#include "crypto/identity.h"
#include "crypto/scrubber.h"
#include "signals/privacy_filter.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

// Photos a report may carry: a share with its details still fits one frame.
inline constexpr size_t kMaxReportPhotoBytes = 24 * 1024;
inline constexpr int64_t kDefaultConsentMs = 90LL * 24 * 3600 * 1000;

struct ShareOptions {
  std::string purpose = "handling";  // crypto::kConsentPurposes
  // Empty: category, time, plus location, details and photo when the report has them.
  std::vector<std::string> fields;
  int64_t valid_for_ms = kDefaultConsentMs;
  std::string contact_name;  // sealed as SharedContact when "contact" is among the fields
};

// Exactly what the partner channel gets. Personal data (scrubbed text, contact name).
struct SharePreview {
  signals::Card card;  // as the server's filter makes it; the pseudonym is left empty
  std::string purpose;
  std::vector<std::string> fields;  // canonical order
  int64_t expires_at_ms = 0;
  bool details = false;
  std::string details_text;  // scrubbed with the channel's names
  crypto::ScrubResult scrub;
  bool photo = false;
  bool contact = false;
  std::string contact_name;
};

struct BuiltShare {
  v1::ShareReport request;
  crypto::X25519KeyPair reply;  // the per-share reply key; its public half is in the details
};

// The library's view of a channel's policy.
signals::ChannelPolicy PolicyFromWire(const v1::ChannelPolicy& policy);

// kInvalidArgument: unknown purpose or field, a field the report cannot fill (location,
// photo, details), sealed parts with purpose "trends", or as Scrub; kFailedPrecondition:
// the channel has no key yet; otherwise FilterCard's refusal (kPermissionDenied when the
// channel does not accept the category or it describes a person on a non-police channel).
Result<SharePreview> PreviewShare(const LocalReport& report, const v1::ChannelInfo& channel,
                                  const ShareOptions& options, const signals::Taxonomy& taxonomy,
                                  int64_t now_ms);

// The request for `preview` (from PreviewShare on the same report and channel), with a
// consent signed by `device`, issued at now_ms.
Result<BuiltShare> BuildShare(const crypto::DeviceIdentity& device, const LocalReport& report,
                              const v1::ChannelInfo& channel, const SharePreview& preview,
                              int64_t now_ms);

// The signed withdrawal of the consent for (report, channel), as a request.
Result<v1::WithdrawConsent> BuildWithdrawal(const crypto::DeviceIdentity& device,
                                            const std::string& report_id,
                                            const std::string& channel_id, int64_t now_ms);

}  // namespace weerbaar::client
