// Interop vectors for the web client's port of the PII scrubber (crypto/scrubber.h): every
// row of crypto/scrubber_cases.h (the scrubber test's tables), random texts from the pieces the
// patterns care about (fixed seed), and hostile inputs, each with the C++ output and counts. One
// way only: the TypeScript scrubber must give the same text byte for byte and the same counts.
#pragma once

#include <boost/json.hpp>

#include "common/status.h"

namespace weerbaar::vectors {

// Member "scrubber": an array of groups {names, cases: [{input, output, counts}]}; counts
// are in PiiKind order (phone, e-mail, licence plate, address, IBAN, BSN, name).
Result<boost::json::object> GenerateScrubberVectors();

}  // namespace weerbaar::vectors
