// The end-to-end encryption steps of group messaging, without I/O (sans-I/O).
//
// Sender-key shares travel in pairwise boxes (crypto::SealPairwise, context
// kSenderKeyShareContext) holding an encoded v1::DirectContent (sender_key, or channel_key
// between partner devices). Group
// messages are crypto::SenderKey messages over an encoded v1::GroupContent, bound to
// their group, sender device and epoch by the context aad (GroupMessageAad).
#pragma once

#include <cstdint>
#include <string_view>

#include "client_state.pb.h"
#include "common/bytes.h"
#include "common/status.h"
#include "crypto/identity.h"
#include "crypto/sender_key.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

inline constexpr std::string_view kSenderKeyShareContext = "weerbaar/sender-key-share/v1";
// Longest text a client sends; keeps the ciphertext under the server's limit.
inline constexpr size_t kMaxTextBytes = 32 * 1024;
// Longest encoded GroupContent (a report with its photo included); the sender-key
// overhead keeps the ciphertext under protocol::Limits::max_ciphertext_bytes (48 KiB).
inline constexpr size_t kMaxContentBytes = 44 * 1024;

// u32 BE len || group_id || u32 BE len || sender_device_id || u64 BE epoch.
Bytes GroupMessageAad(ByteView group_id, ByteView sender_device, uint64_t epoch);

// Checks a device's published keys: its id is DeviceIdFor(signing key) and its agreement
// key is signed by its signing key. kPermissionDenied (with the reason) otherwise.
Status VerifyDeviceKeys(const v1::DeviceInfo& device);

// Seals an encoded DirectContent (a sender key share or a channel key share) for `to` in a
// pairwise box; the encoded plaintext is zeroed after sealing.
// REQUIRES: VerifyDeviceKeys(to) is OK.
Result<Bytes> SealDirectContent(const crypto::DeviceIdentity& me, const v1::DeviceInfo& to,
                                const v1::DirectContent& content);
// Opens a pairwise box from `from`: kDataLoss if it does not open (wrong sender, recipient
// or context, or tampered), kInvalidArgument if the plaintext does not parse.
// REQUIRES: VerifyDeviceKeys(from) is OK.
Result<v1::DirectContent> OpenDirectContent(const crypto::DeviceIdentity& me,
                                            const v1::DeviceInfo& from, ByteView box);
// A SendDirect envelope to `to` (fresh client_msg_id) holding `content` sealed for it;
// kPermissionDenied if the device's keys do not verify.
Result<v1::DirectEnvelope> SealedEnvelope(const crypto::DeviceIdentity& me,
                                          const v1::DeviceInfo& to,
                                          const v1::DirectContent& content);
// The sender key share in `content`; kInvalidArgument if it holds anything else or a bad id.
Result<v1::SenderKeyShare> SenderKeyShareIn(const v1::DirectContent& content);

// Seals a SenderKeyShare{group_id, epoch, distribution} for `to`.
// REQUIRES: VerifyDeviceKeys(to) is OK.
Result<Bytes> SealSenderKeyShare(const crypto::DeviceIdentity& me, const v1::DeviceInfo& to,
                                 ByteView group_id, uint64_t epoch,
                                 const crypto::SenderKeyDistribution& distribution);

// Opens a box from `from` and returns the share in it. kDataLoss if the box does not
// open (wrong sender, recipient or context, or tampered); kInvalidArgument if it holds
// anything but a well-formed share. REQUIRES: VerifyDeviceKeys(from) is OK.
Result<v1::SenderKeyShare> OpenSenderKeyShare(const crypto::DeviceIdentity& me,
                                              const v1::DeviceInfo& from, ByteView box);

// Stores the receiving side of `share` (sent by `sender_device` of `sender_user`) in
// `group`. kInvalidArgument if the distribution does not parse.
Status AcceptSenderKeyShare(GroupState& group, const v1::SenderKeyShare& share,
                            ByteView sender_device, ByteView sender_user);

// A fresh sender key for `epoch`. A receiver for it is stored in `group` as well, so this
// device can read its own messages when they come back through a sync.
Result<crypto::SenderKey> RotateSenderKey(GroupState& group, ByteView my_device, ByteView my_user,
                                          uint64_t epoch);

// Encrypts `content` (any body: text, report, share update) and advances `key`.
// kInvalidArgument if it encodes to more than kMaxContentBytes.
Result<Bytes> EncryptGroupContent(crypto::SenderKey& key, ByteView group_id, ByteView my_device,
                                  uint64_t epoch, const v1::GroupContent& content);
// EncryptGroupContent of GroupContent{sent_at_ms, text}.
// kInvalidArgument if the text is longer than kMaxTextBytes.
Result<Bytes> EncryptGroupText(crypto::SenderKey& key, ByteView group_id, ByteView my_device,
                               uint64_t epoch, std::string_view text, int64_t sent_at_ms);

// The line the history shows for a content: the text itself, "[report <category>] text
// (location, photo)" for a report, "[status] <channel>: <status>" for a share update.
std::string RenderContent(const v1::GroupContent& content);

// Decrypts `message` with the received key it names and advances that key in `group`.
// Never fails: a message that cannot be read becomes an entry with decrypted == false
// and text "[cannot decrypt: <reason>]". Does not add the entry to the history.
HistoryEntry OpenGroupMessage(GroupState& group, const v1::GroupMessage& message);

}  // namespace weerbaar::client
