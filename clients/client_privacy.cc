// Retention, erasure, export and audit requests (docs/protocol.md, "Retention, erasure
// and export").
#include "clients/client.h"

namespace weerbaar::client {
namespace {

Status UnexpectedReply() { return DataLoss("unexpected reply from the server"); }

}  // namespace

Result<v1::RetentionInfo> Client::GetRetention(ByteView community_id) {
  v1::ClientMessage request;
  request.mutable_get_retention()->set_community_id(ToString(community_id));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_retention_info()) return UnexpectedReply();
  return reply.retention_info();
}

Status Client::SetRetentionPolicy(const v1::SetRetentionPolicy& policy) {
  v1::ClientMessage request;
  *request.mutable_set_retention_policy() = policy;
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  return reply.has_ok() ? Status::Ok() : UnexpectedReply();
}

Status Client::SetCommunityRetention(const v1::SetCommunityRetention& change) {
  v1::ClientMessage request;
  *request.mutable_set_community_retention() = change;
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  return reply.has_ok() ? Status::Ok() : UnexpectedReply();
}

Result<v1::ErasureReceipt> Client::EraseAccount() {
  v1::ClientMessage request;
  request.mutable_erase_account()->set_confirm(true);
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_erasure_receipt() || reply.erasure_receipt().user_id() != state_.user_id())
    return UnexpectedReply();
  return reply.erasure_receipt();
}

Result<std::string> Client::ExportAccount() {
  v1::ClientMessage request;
  request.mutable_export_account();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_account_export()) return UnexpectedReply();
  return std::move(*reply.mutable_account_export()->mutable_json());
}

Result<v1::AuditVerification> Client::VerifyAudit() {
  v1::ClientMessage request;
  request.mutable_verify_audit();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_audit_verification()) return UnexpectedReply();
  return reply.audit_verification();
}

Result<v1::RecordsOfProcessing> Client::RecordsOfProcessing() {
  v1::ClientMessage request;
  request.mutable_get_records_of_processing();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_records_of_processing()) return UnexpectedReply();
  return reply.records_of_processing();
}

}  // namespace weerbaar::client
