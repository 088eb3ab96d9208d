#include "signals/share_status.h"

namespace weerbaar::signals {

std::string_view ShareStatusName(ShareStatus status) {
  switch (status) {
    case ShareStatus::kReceived:
      return "received";
    case ShareStatus::kInProgress:
      return "in_progress";
    case ShareStatus::kResolved:
      return "resolved";
    case ShareStatus::kRejected:
      return "rejected";
  }
  return "received";
}

Result<ShareStatus> ParseShareStatus(std::string_view name) {
  for (ShareStatus s : {ShareStatus::kReceived, ShareStatus::kInProgress, ShareStatus::kResolved,
                        ShareStatus::kRejected}) {
    if (ShareStatusName(s) == name) return s;
  }
  return InvalidArgument("share status: unknown name");
}

Status CheckStatusTransition(ShareStatus from, ShareStatus to) {
  if (from == to) return AlreadyExists("share status: unchanged");
  using S = ShareStatus;
  const bool allowed = (from == S::kReceived && to != S::kReceived) ||
                       (from == S::kInProgress && (to == S::kResolved || to == S::kRejected)) ||
                       (from == S::kResolved && to == S::kInProgress);
  if (!allowed) return FailedPrecondition("share status: transition not allowed");
  return Status::Ok();
}

}  // namespace weerbaar::signals
