// Erasure (Art. 17): the pending-erasure marker and the step that completes an erasure
// after its batch is durable. Private to the storage library.
//
// EraseUser deletes the user's records and writes meta "erasure-pending|" + user in one
// batch; once that is durable, CompleteErasure destroys every data key whose subject is
// the user and removes the marker. A crash in between leaves the marker, and the next
// open (or sweep) completes the erasure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/engine.h"
#include "storage/privacy.h"
#include "storage/txn.h"

namespace weerbaar::storage {

inline constexpr std::string_view kErasurePendingPrefix = "erasure-pending|";

std::string ErasurePendingKey(std::string_view user_id);
// The data keys of the user (scope subject).
std::vector<uint64_t> KeysOfSubject(Keyring& keyring, std::string_view user_id);
// Destroys the user's data keys, then deletes the marker (synced).
// REQUIRES: on the committer thread, or before it starts.
Status CompleteErasure(Engine& engine, const Id& user_id);
// In an erasure's batch: writes the marker of `subject` and, once the batch is durable,
// destroys its data keys (CompleteErasure) and asks the next sweep to compact everything.
// On failure the marker stays and the next sweep or open finishes the job.
Status DestroyKeysAfterCommit(Txn& txn, const std::string& subject);
// Completes every erasure whose marker is still there.
Status CompletePendingErasures(Engine& engine);

}  // namespace weerbaar::storage
