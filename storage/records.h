// Records <-> bytes: the plaintext form of every stored value. Private to storage.
// Decode returns false for bytes that do not parse (the caller reports kDataLoss).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/db.h"
#include "storage/store.h"

namespace weerbaar::storage {

std::string Encode(const UserRecord& r);
std::string Encode(const DeviceRecord& r);
std::string Encode(const CommunityRecord& r);
std::string Encode(const GroupRecord& r);
std::string Encode(const InviteRecord& r);
std::string Encode(const StoredMessage& r);
std::string Encode(const InboxEntry& r);
std::string Encode(const ChannelRecord& r);
std::string Encode(const ShareRecord& r);
std::string Encode(const ConsentLedgerRecord& r);
// Sequence numbers: 8 bytes big-endian.
std::string EncodeSeq(uint64_t seq);
// Roles: one byte.
std::string EncodeRole(Role role);

bool Decode(std::string_view in, UserRecord* r);
bool Decode(std::string_view in, DeviceRecord* r);
bool Decode(std::string_view in, CommunityRecord* r);
bool Decode(std::string_view in, GroupRecord* r);
bool Decode(std::string_view in, InviteRecord* r);
bool Decode(std::string_view in, StoredMessage* r);
bool Decode(std::string_view in, InboxEntry* r);
bool Decode(std::string_view in, ChannelRecord* r);
bool Decode(std::string_view in, ShareRecord* r);
bool Decode(std::string_view in, ConsentLedgerRecord* r);
bool Decode(std::string_view in, uint64_t* seq);
bool Decode(std::string_view in, Role* role);

// True for the roles a member can hold (not kNone, not out of range).
bool IsMemberRole(Role role);

// Reads and decodes one record from a Txn or a View (anything with
// `Result<std::optional<std::string>> Get(Cf, std::string_view)`).
// nullopt if absent; kDataLoss if it does not decode.
template <typename T, typename Source>
Result<std::optional<T>> GetRecord(Source& source, Cf cf, std::string_view key) {
  WB_ASSIGN_OR_RETURN(std::optional<std::string> plain, source.Get(cf, key));
  if (!plain) return std::optional<T>();
  T record;
  if (!Decode(*plain, &record)) return DataLoss("stored record does not decode");
  return std::optional<T>(std::move(record));
}

}  // namespace weerbaar::storage
