// Small, pure helpers over the client state (client_state.proto). No I/O.
#pragma once

#include <string>
#include <string_view>

#include "client_state.pb.h"
#include "common/bytes.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

// Received sender keys kept per sending device; older ones (lower epochs) are dropped,
// so that key material for long-gone epochs does not pile up.
inline constexpr int kMaxReceivedKeysPerDevice = 4;

bool SameBytes(const std::string& a, ByteView b);

// The state of a group, or nullptr if this client has not seen it.
GroupState* FindGroup(ClientState& state, ByteView group_id);
const GroupState* FindGroup(const ClientState& state, ByteView group_id);
// Finds the group's state, adding an empty one if missing.
GroupState& GroupFor(ClientState& state, ByteView group_id);

// The key received from `sender_device` under `key_id`, or nullptr.
ReceivedKey* FindReceivedKey(GroupState& group, ByteView sender_device, ByteView key_id);
// Stores `key`, replacing one with the same (sender device, key id), then keeps only the
// kMaxReceivedKeysPerDevice newest keys of that device.
void PutReceivedKey(GroupState& group, ReceivedKey key);

// Inserts `entry` keeping the history sorted by seq. Returns false (and changes nothing)
// if an entry with that seq is already there.
bool AddHistory(GroupState& group, HistoryEntry entry);
bool HasHistory(const GroupState& group, uint64_t seq);

// Overwrites a string that held key material before it is dropped or reused.
void WipeSecret(std::string& secret);

bool WasDistributedTo(const OwnSenderKey& key, ByteView device_id);

// This device's own text of a thread entry it sealed for the other side of a share (so it
// cannot open it), found by the entry's box (SealedBoxId); nullptr if it kept none.
const std::string* SentTextOf(const google::protobuf::RepeatedPtrField<SentText>& sent,
                              const std::string& sealed);
// Keeps `text` as this device's copy of the entry sealed as `sealed`.
void KeepSentText(google::protobuf::RepeatedPtrField<SentText>& sent, const std::string& sealed,
                  std::string_view text);

// Remembers the group's name and its members' display names (former members are kept).
void RememberNames(GroupState& group, const v1::GroupInfo& info);
// The remembered display name of `user_id`, or the first 8 hex digits of the id.
std::string NameOf(const GroupState& group, ByteView user_id);

}  // namespace weerbaar::client
