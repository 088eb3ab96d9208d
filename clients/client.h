// Client: one device of one user, over a Profile (its files) and a Connection.
//
// Usage:
//   auto client = Client::Open(*Profile::Open(dir));
//   client->Join("ws://127.0.0.1:8080/", invite, "Alice");   // once per profile
//   client->Connect();                                        // later runs
//   client->SendText(group_id, "hello");
//   client->Sync(group_id);                                   // new messages
//
// Blocking: every network method blocks until its replies arrived; each request waits at
// most ClientOptions::request_timeout (kDeadlineExceeded after that). Methods that talk
// to the server REQUIRE a successful Join or Connect first (kFailedPrecondition if not).
// Thread safety: none; use a Client from one thread at a time.
//
// Errors: server error replies map as described at StatusFromServerError (connection.h);
// a lost connection is kUnavailable and ends the session (Connect again to resume).
// Every change of the client state is saved to the profile before the next request goes
// out, so a crash never reuses a message key and never forgets a received one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client_state.pb.h"
#include "clients/connection.h"
#include "clients/profile.h"
#include "clients/share_builder.h"
#include "clients/signed_http.h"
#include "common/bytes.h"
#include "common/clock.h"
#include "common/status.h"
#include "crypto/identity.h"
#include "crypto/sender_key.h"
#include "signals/classifier.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

class DeviceDirectory;

struct ClientOptions {
  const Clock* clock = SystemClock::Default();  // for message times and Listen's timeout
  Timeout connect_timeout{10'000};
  Timeout request_timeout{10'000};
};

// A message of a group, as stored in the local history. Personal data (text, name).
struct ReceivedMessage {
  std::string group_id;
  HistoryEntry entry;
};

struct SendResult {
  uint64_t seq = 0;
  bool duplicate = false;  // the server had stored this client_msg_id already
  uint64_t epoch = 0;
  size_t key_shared_with = 0;  // devices that received this device's sender key just now
};

struct ShareQuestion;
struct ListenOptions {
  size_t max_messages = 0;  // stop once the callback saw this many; 0: no limit
  Timeout timeout{0};       // stop after this long (measured on the Clock); 0: no limit
  // If set, called for each partner question as it arrives (else TakeQuestions has them).
  std::function<void(const ShareQuestion&)> on_question;
};
// Called once per message; return false to stop listening.
using MessageCallback = std::function<bool(const ReceivedMessage&)>;

// A report as the reporter types it. Personal data (text, exact location, photo).
struct ReportDraft {
  std::string category;  // a taxonomy id
  std::string text;      // at most crypto::kMaxScrubInputBytes, so it can be scrubbed later
  std::optional<double> lat, lon;
  std::string photo;           // raw bytes, at most kMaxReportPhotoBytes
  int64_t happened_at_ms = 0;  // 0: now
};

// One line of a share's thread, opened where this device can open it.
struct ThreadLine {
  bool from_partner = false;  // a question or an update; else an answer
  bool is_update = false;     // a partner's update for the report's group
  bool opened = false;        // false: sealed for the other side (text says so)
  std::string text;
  uint64_t server_time_ms = 0;
};

// The reporter's view of one of her shares.
struct MyShareView {
  v1::MyShare share;
  std::string channel_name;
  std::vector<ThreadLine> thread;
};

// A partner's question that arrived as a push (never posted to the group).
struct ShareQuestion {
  std::string share_id, report_id, channel_id;
  std::string text;
};

// A share as a partner device holds it, with what this device could open.
struct PartnerCard {
  v1::ChannelShare share;
  bool opened = false;  // the sealed parts opened with this device's channel key
  std::string problem;  // why they did not (no key on this device, damaged box)
  std::string details_text;
  std::string reply_public_key;
  std::string photo;
  std::optional<v1::SharedContact> contact;
  std::vector<ThreadLine> thread;
};

struct ChannelSyncResult {
  size_t new_shares = 0;
  size_t gone = 0;  // local copies deleted (withdrawn, expired or erased on the server)
};

class Client {
 public:
  // Loads the identity and state of `profile` if it has joined a server before.
  // kFailedPrecondition/kDataLoss/kInvalidArgument if its files are unsafe or damaged.
  static Result<Client> Open(Profile profile, ClientOptions options = {});

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  bool joined() const { return identity_.has_value(); }
  // REQUIRES: joined().
  const ClientState& state() const { return state_; }
  const Profile& profile() const { return profile_; }
  // The AuthResult of the last Join or Connect (which community/group a Join entered).
  const v1::AuthResult& last_auth() const { return last_auth_; }

  // Creates this device's identity, registers it at `url` with `invite` and saves the
  // profile; stays connected and authenticated. kAlreadyExists if the profile has joined;
  // kFailedPrecondition if the server speaks another protocol version; kPermissionDenied
  // for a bad invite. On failure no identity is left behind in the profile.
  Status Join(std::string_view url, std::string_view invite, std::string_view display_name);

  // Connects to the stored server and authenticates. kPermissionDenied if the server's id
  // differs from the one this profile joined (it is not the same server: nothing is sent).
  Status Connect();
  // Like Connect, at another address of the same server (it moved, or restarted on another
  // port). The server id must still match; on success the address is stored for next time.
  // Both are no-ops while connected.
  Status ConnectTo(std::string_view url);
  // Closes the connection politely (no error if it was not open).
  void Close();

  // area: a geohash of 4-6 characters, or empty for none yet (BAD_REQUEST otherwise).
  Result<Bytes> CreateCommunity(std::string_view name, std::string_view area = {});
  // Admins and the community's leaders: replaces its area (a geohash of 4-6 characters).
  Status SetCommunityArea(ByteView community_id, std::string_view area);
  Result<v1::GroupCreated> CreateGroup(ByteView community_id, std::string_view name);
  Result<v1::InviteCreated> CreateInvite(const v1::CreateInvite& request);
  Status RemoveMember(ByteView group_id, ByteView user_id);
  Result<std::vector<v1::CommunitySummary>> ListCommunities();
  Result<std::vector<v1::GroupSummary>> ListGroups();
  // Also remembers the group's name and member names for the history.
  Result<v1::GroupInfo> GetGroup(ByteView group_id);

  // Encrypts and sends `text` to the group. Rotates this device's sender key when the
  // group's epoch moved on, and first shares the key with every member device that does
  // not have it yet (devices whose keys do not verify are skipped with a warning). On a
  // STALE_EPOCH reply it refreshes, rotates and retries once. The sent message enters the
  // local history. kInvalidArgument for an empty text or one over kMaxTextBytes.
  Result<SendResult> SendText(ByteView group_id, std::string_view text);

  // Reads pending key shares from this device's inbox, then every message of the group
  // after the local cursor; returns the new entries (messages that cannot be decrypted
  // are entries with decrypted == false, not errors). Advances the local and the server
  // cursor. Messages this device sent itself are already in the history and not returned.
  Result<std::vector<HistoryEntry>> Sync(ByteView group_id);
  // Sync for every group this user is in.
  Result<std::vector<ReceivedMessage>> SyncAll();
  // Processes and acknowledges the inbox (sender-key shares). Returns how many keys were
  // accepted; entries that cannot be opened are skipped with a warning.
  Result<size_t> ProcessInbox();

  // Handles pushes as they arrive (new group messages are decrypted and stored; inbox
  // pushes are processed; group changes are noted) and calls `on_message` for each new
  // message, until the callback returns false, max_messages were delivered, or the
  // timeout passed (all three end with OK). Returns the number of messages delivered.
  // Messages stored after the limit was reached stay in the history undelivered.
  Result<size_t> Listen(const MessageCallback& on_message, ListenOptions options = {});

  // ---- retention, erasure, export, audit (client_privacy.cc) ----
  // The retention in force per data class; community_id empty: outside any community.
  Result<v1::RetentionInfo> GetRetention(ByteView community_id);
  // Admins. kInvalidArgument (BAD_REQUEST) for periods outside the class's limits.
  Status SetRetentionPolicy(const v1::SetRetentionPolicy& policy);
  // Admins and leaders of the community.
  Status SetCommunityRetention(const v1::SetCommunityRetention& change);
  // Erases this user on the server (Art. 17); the server then closes the connection and
  // this profile's device no longer authenticates. The local profile is left as it is.
  Result<v1::ErasureReceipt> EraseAccount();
  // The server's JSON export of this user (Art. 15/20).
  Result<std::string> ExportAccount();
  // Admins.
  Result<v1::AuditVerification> VerifyAudit();
  Result<v1::RecordsOfProcessing> RecordsOfProcessing();

  // ---- signal reports: the reporter's side (client_reports.cc, client_shares.cc) ----
  // Sends GroupContent.report (fresh 16-byte report id) to the group and keeps the report
  // on this device so that it can be shared later. kInvalidArgument: unknown category, empty
  // or too long text, half a location, photo too large; kPermissionDenied: a photo with a
  // category that describes a person (house rule: such a photo never enters the group).
  Result<LocalReport> FileReport(ByteView group_id, const ReportDraft& draft);
  // Category suggestions for a text, from the server's taxonomy (fetched once per session).
  Result<std::vector<signals::Suggestion>> SuggestCategories(std::string_view text);
  Result<const signals::Taxonomy*> Taxonomy();
  // Admins: replaces the server's taxonomy overrides (weerbaar-taxonomy-overrides/v1 JSON);
  // kInvalidArgument if the server refuses them (house rule, unknown id, a channel's
  // category), kPermissionDenied for others. The cached taxonomy is dropped.
  Status SetTaxonomy(std::string_view overrides_json);
  // GET `target` (path and query below /open311/v2/) on the server's Open311 endpoint,
  // signed by this device (docs/signals.md, "Open311"). Any answered status is OK.
  Result<HttpReply> Open311(std::string_view target);
  // kNotFound for a report this device did not file.
  Result<LocalReport> FindReport(ByteView report_id) const;
  Result<std::vector<v1::ChannelInfo>> ListChannels(ByteView community_id);
  // A channel of any community of this user; kNotFound if none has that id.
  Result<v1::ChannelInfo> LookupChannel(ByteView channel_id);
  // Exactly what the channel would get (see share_builder.h for the errors).
  Result<SharePreview> PreviewShare(ByteView report_id, ByteView channel_id,
                                    const ShareOptions& options);
  // Shares the report; returns the share id. The reply key stays on this device.
  Result<Bytes> ShareReport(ByteView report_id, ByteView channel_id, const ShareOptions& options);
  // The server's list of my live shares, with their threads (questions opened). Posts each
  // new status of a share into the report's group, once per (share, status).
  Result<std::vector<MyShareView>> ListMyShares();
  // Signed withdrawal; deletes the share's reply key on this device.
  Status WithdrawConsent(ByteView report_id, ByteView channel_id);
  // Seals `text` to the channel's key and sends it in the share's thread.
  Status AnswerQuestion(ByteView share_id, std::string_view text);
  // Questions that arrived as pushes since the last call.
  std::vector<ShareQuestion> TakeQuestions();

  // ---- partner channels (client_channels.cc, client_partner.cc) ----
  // Admins.
  Result<Bytes> CreateChannel(const v1::CreateChannel& request);
  // Syncs the channel into this device's copies: new shares after the local cursor (all
  // shares again with from_start, to refresh statuses and threads); copies the server no
  // longer serves are deleted. On first use of a channel without a key, makes the channel's
  // X25519 key pair, keeps the secret here and registers the public key.
  Result<ChannelSyncResult> SyncChannel(ByteView channel_id, bool from_start = false);
  // The local copies of the channel's shares, opened (no network).
  Result<std::vector<PartnerCard>> PartnerCards(ByteView channel_id) const;
  Status SetShareStatus(ByteView share_id, v1::ShareStatus status);
  // Seals `text` to the share's reply key (from its opened details) and sends it.
  Status AskQuestion(ByteView share_id, std::string_view text);
  // Seals `text` (at most kMaxShareUpdateTextBytes) to the share's reply key under the
  // update aad and sends it; the reporter's device posts it in the report's group.
  // kInvalidArgument: empty or too long. Any partner of the channel may post one.
  Status PostShareUpdate(ByteView share_id, std::string_view text);
  Result<v1::TrendCells> GetTrends(ByteView channel_id, int64_t from_ms, int64_t to_ms);

  // Waits up to `timeout` for one push and handles it as Listen does (messages are stored,
  // share pushes acted on). Returns which push it was. kDeadlineExceeded if none came.
  Result<v1::ServerMessage::BodyCase> HandleOnePush(Timeout timeout);

  // The local history of a group (no network). kNotFound for a group never seen.
  Result<std::vector<HistoryEntry>> History(ByteView group_id) const;

  // Non-fatal problems noticed since the last call (skipped devices, unreadable key
  // shares), as one-line texts for the user. Never contain keys, texts or raw ids.
  std::vector<std::string> TakeWarnings();

 private:
  Client(Profile profile, ClientOptions options);

  Status Save();
  Result<v1::ServerMessage> Call(v1::ClientMessage request);
  Status CheckChallenge() const;
  Status Register(const crypto::DeviceIdentity& id, std::string_view invite, std::string_view name);
  Status Authenticate();
  void Warn(std::string warning) { warnings_.push_back(std::move(warning)); }

  // client_send.cc
  Result<crypto::SenderKey> CurrentSenderKey(const v1::GroupInfo& group);
  Result<size_t> ShareSenderKey(const v1::GroupInfo& group, const crypto::SenderKey& key);
  // Sends the envelopes in batches; each sent one's device id is added to `sent_to` and saved.
  Status SendEnvelopes(std::vector<v1::DirectEnvelope> envelopes,
                       google::protobuf::RepeatedPtrField<std::string>& sent_to);
  // Seals the channel's secret (if this device holds it) to every verified partner device
  // of the channel it has not given it yet; returns how many got it.
  Result<size_t> ShareChannelKey(PartnerChannel& channel);
  Result<SendResult> SendContent(ByteView group_id, const v1::GroupContent& content);
  Result<SendResult> EncryptAndSend(const v1::GroupInfo& group, v1::GroupContent content);

  // client_shares.cc, client_partner.cc
  Status HandleSignalPush(const v1::ServerMessage& push);
  Status HandlePartnerPush(const v1::ServerMessage& push);  // a new share, an answer
  Status RelayStatus(const std::string& share_id, v1::ShareStatus status);
  // Posts a partner's update (an is_update thread entry) into the report's group, once.
  Status RelayUpdate(const std::string& share_id, const v1::ShareThreadEntry& entry);
  // Seals `text` to the reporter of a held share and sends it as a question or an update.
  Status SendToReporter(ByteView share_id, std::string_view text, bool update);
  Status ForgetShare(const std::string& share_id);
  Result<PartnerChannel*> PartnerChannelFor(ByteView channel_id);
  Status RegisterChannelKey(PartnerChannel& channel, const v1::ChannelInfo& info);
  // The channel's partners with their devices' keys; kPermissionDenied unless a partner of it.
  Result<v1::ChannelPartners> ListChannelPartners(ByteView channel_id);
  // Keeps a ChannelKeyShare from `from` (a device of `from_user`) if that device is a
  // partner device of the channel and the key matches the channel's public key.
  Status AcceptChannelKey(const v1::ChannelKeyShare& share, ByteView from, ByteView from_user);
  size_t DropHeld(const std::string& share_id);  // deletes the local copies; returns how many

  // client_sync.cc
  Result<std::vector<HistoryEntry>> SyncMessages(ByteView group_id);
  Status SetCursor(ByteView group_id, uint64_t seq);
  Result<DeviceDirectory> BuildDirectory();
  // Adds the partner devices of every channel this user is a partner of (found through
  // the partner communities, so also a channel this device never opened) whose key this
  // device lacks: the devices that may pass that key on.
  Status AddWaitingChannelPartners(DeviceDirectory& directory);
  bool HoldsChannelKey(const std::string& channel_id) const;
  bool AcceptInboxEntry(const v1::InboxMessage& entry, const DeviceDirectory& directory);
  // Opens a pairwise box from a device in `directory` and keeps the key in it.
  Status AcceptDirect(const v1::InboxMessage& entry, const DeviceDirectory& directory);
  Result<std::vector<ReceivedMessage>> HandlePush(const v1::ServerMessage& push);
  Result<std::vector<ReceivedMessage>> HandleGroupPush(const v1::GroupMessage& message);

  Profile profile_;
  ClientOptions options_;
  std::optional<crypto::DeviceIdentity> identity_;
  ClientState state_;
  Connection conn_;
  v1::AuthResult last_auth_;
  std::vector<std::string> warnings_;
  uint64_t seen_dropped_pushes_ = 0;
  std::optional<signals::Taxonomy> taxonomy_;
  std::vector<ShareQuestion> questions_;
};

}  // namespace weerbaar::client
