// The status a partner reports back on a share, which flows to the community thread.
//
//   received --> in_progress --> resolved
//       |             |   ^          |
//       |             v   +----------+  (reopened)
//       +-------> rejected (final)
//   received may also go straight to resolved or rejected.
#pragma once

#include <string_view>

#include "common/status.h"

namespace weerbaar::signals {

enum class ShareStatus { kReceived, kInProgress, kResolved, kRejected };

// "received", "in_progress", "resolved", "rejected".
std::string_view ShareStatusName(ShareStatus status);
// kInvalidArgument for any other name.
Result<ShareStatus> ParseShareStatus(std::string_view name);

// OK if the move is allowed; kAlreadyExists if `to` equals `from` (a retried update: the
// caller answers OK without writing); kFailedPrecondition for any other move.
Status CheckStatusTransition(ShareStatus from, ShareStatus to);

}  // namespace weerbaar::signals
