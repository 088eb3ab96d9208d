#include "server/processing_record.h"

#include "server/wire_retention.h"

namespace weerbaar::server {
namespace {

using storage::DataClass;

struct Activity {
  DataClass data_class;
  const char* purpose;
  const char* lawful_basis;
  const char* personal_data;
  const char* recipients;
};

constexpr const char* kSubjects =
    "residents, group leaders, partner staff and admins with an account on this server";

constexpr const char* kSecurity =
    "messages and reports end-to-end encrypted on the devices (sender keys, "
    "XChaCha20-Poly1305; the operator holds ciphertext only); every stored value encrypted at "
    "rest with data keys per data class, day and data subject, wrapped by a master key; "
    "expired and erased data made unreadable by destroying its keys (crypto-shredding) and "
    "then removed from the files; devices authenticate with Ed25519 signatures; hash-chained "
    "audit log; TLS in transit when configured";

// The wording is the operator's starting point; docs/retention.md explains the periods.
constexpr Activity kActivities[] = {
    {DataClass::kAccount,
     "identify and authenticate a user's devices; show the display name to group members",
     "Art. 6(1)(b): providing the service the user joined",
     "display name, device public keys, registration time", "members of the user's groups"},
    {DataClass::kMembership,
     "record who belongs to which community and group, with which role; invitations",
     "Art. 6(1)(b): providing the service the user joined",
     "community and group names, roles, memberships, invitation token hashes",
     "members and leaders of the same community"},
    {DataClass::kChatMessage,
     "relay and hold end-to-end encrypted group and pairwise messages for members' devices",
     "Art. 6(1)(b): providing the service the user joined",
     "ciphertext (unreadable to the operator), sender, group, times, sizes",
     "the devices of the group's members (ciphertext only)"},
    {DataClass::kDelivery, "remember how far each device has read, to deliver what it missed",
     "Art. 6(1)(b): providing the service the user joined", "read cursors, inbox counters", "none"},
    {DataClass::kSignalReport,
     "hold reports residents post to their community group, for follow-up and trend counts",
     "Art. 6(1)(b) for the community; Art. 6(1)(a) consent for any share with a partner",
     "encrypted report (category, text, location, photo), sender, group, time",
     "the devices of the group's members (ciphertext only)"},
    {DataClass::kPartnerShare,
     "deliver a report a resident chose to share, privacy-filtered, to a partner channel",
     "Art. 6(1)(a): the reporter's consent per report and partner, withdrawable",
     "coarsened category, area and time; details sealed to the partner; a per-share pseudonym",
     "only the partner channel the reporter consented to (municipality, police, housing "
     "corporation)"},
    {DataClass::kConsentRecord,
     "prove that each share with a partner was consented to, and when it was withdrawn",
     "Art. 6(1)(c) with Art. 7(1): demonstrating consent",
     "the reporter's signed consent: report, channel, purpose, fields, expiry", "none"},
    {DataClass::kSurveyResponse, "measure collective efficacy in a community with a short survey",
     "Art. 6(1)(a): the respondent's consent", "encrypted answers, respondent, group, time",
     "the devices of the group's members (ciphertext only); no individual answers to leaders"},
    {DataClass::kAuditEntry,
     "account for shares, withdrawals, policy changes, erasures, exports and admin actions",
     "Art. 6(1)(c) with Art. 5(2) and 30: accountability",
     "pseudonymous actor and subject, action, time, a detail without personal data",
     "admins; the supervisory authority on request"},
};

}  // namespace

std::vector<storage::DataClass> RecordedClasses() {
  std::vector<storage::DataClass> out;
  for (const Activity& a : kActivities) out.push_back(a.data_class);
  return out;
}

v1::RecordsOfProcessing BuildRecordsOfProcessing(
    const std::vector<storage::EffectiveRetention>& retention, int64_t now_ms,
    const std::string& server_id) {
  v1::RecordsOfProcessing out;
  out.set_generated_at_ms(static_cast<uint64_t>(now_ms));
  out.set_server_id(server_id);
  out.set_security_measures(kSecurity);
  for (const Activity& a : kActivities) {
    for (const storage::EffectiveRetention& r : retention) {
      if (r.data_class != a.data_class) continue;
      v1::ProcessingRecord* record = out.add_records();
      record->set_data_class(DataClassToWire(a.data_class));
      record->set_name(std::string(storage::DataClassName(a.data_class)));
      record->set_purpose(a.purpose);
      record->set_lawful_basis(a.lawful_basis);
      record->set_data_subjects(kSubjects);
      record->set_personal_data(a.personal_data);
      record->set_recipients(a.recipients);
      RetentionToWire(r, record->mutable_retention());
    }
  }
  return out;
}

}  // namespace weerbaar::server
