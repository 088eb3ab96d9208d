// The two modes of weerbaar-vectors (see vectors_main.cc).
#pragma once

#include <boost/json.hpp>

#include "common/status.h"

namespace weerbaar::vectors {

// Labels shared with the TypeScript tests (clients/web/test/interop/).
inline constexpr std::string_view kSenderLabel = "alice";
inline constexpr std::string_view kRecipientLabel = "bob";
inline constexpr std::string_view kSenderKeyLabel = "alice-sender-key";
inline constexpr uint64_t kEpoch = 7;

// Vectors made by the C++ code for the TypeScript tests to reproduce or open: primitives,
// identities, auth transcripts, a pairwise box, a sender-key share, a sender-key message
// sequence with the sender and receiver states it leads to, the group message aad, and the
// share, signals and scrubber vectors (share_vectors.h, signals_vectors.h,
// scrubber_vectors.h).
Result<boost::json::object> Generate();

// Checks vectors made by the TypeScript code (clients/web/test/vectors/from-ts.json): opens
// its sender-key share with the C++ client code, decrypts its group messages (and refuses a
// replay), verifies its transcript signature, opens its pairwise box, parses its serialized
// identity and sender key, and checks its share vectors (share_vectors.h). Returns the number of
// checks that passed, or the first failure.
Result<int> Verify(const boost::json::object& in);

}  // namespace weerbaar::vectors
