// Interop vectors for the web client's ports of the signals rules: the calendar buckets
// and ISO weeks (signals/calendar.h), the privacy filter's card over the default taxonomy
// (signals/privacy_filter.h), and the classifier's suggestions (signals/classifier.h).
// One way only: the TypeScript code must reproduce each row exactly.
#pragma once

#include <boost/json.hpp>

#include "common/status.h"

namespace weerbaar::vectors {

// Members "calendar", "cards" and "classifier", each an array of rows.
Result<boost::json::object> GenerateSignalsVectors();

}  // namespace weerbaar::vectors
