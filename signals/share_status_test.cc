#include "signals/share_status.h"

#include <gtest/gtest.h>

namespace weerbaar::signals {
namespace {

using S = ShareStatus;

TEST(ShareStatusTest, AllowsExactlyTheDocumentedTransitions) {
  const S all[] = {S::kReceived, S::kInProgress, S::kResolved, S::kRejected};
  // allowed[from][to]; the diagonal is a retried update (kAlreadyExists).
  const bool allowed[4][4] = {
      /* received    */ {false, true, true, true},
      /* in_progress */ {false, false, true, true},
      /* resolved    */ {false, true, false, false},
      /* rejected    */ {false, false, false, false},
  };
  for (int f = 0; f < 4; ++f) {
    for (int t = 0; t < 4; ++t) {
      Code expected = f == t          ? Code::kAlreadyExists
                      : allowed[f][t] ? Code::kOk
                                      : Code::kFailedPrecondition;
      EXPECT_EQ(CheckStatusTransition(all[f], all[t]).code(), expected)
          << ShareStatusName(all[f]) << " -> " << ShareStatusName(all[t]);
    }
  }
}

TEST(ShareStatusTest, ParsesTheNamesItPrints) {
  for (S s : {S::kReceived, S::kInProgress, S::kResolved, S::kRejected}) {
    EXPECT_EQ(ParseShareStatus(ShareStatusName(s)).value(), s);
  }
  EXPECT_EQ(ParseShareStatus("done").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::signals
