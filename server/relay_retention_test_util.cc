#include "server/relay_retention_test_util.h"

#include <gtest/gtest.h>

namespace weerbaar::server {

v1::ClientMessage GetRetentionReq(const std::string& community_id) {
  v1::ClientMessage req;
  req.mutable_get_retention()->set_community_id(community_id);
  return req;
}

v1::ClientMessage SetRetentionPolicyReq(v1::DataClass data_class, uint64_t default_ms,
                                        uint64_t min_ms, uint64_t max_ms) {
  v1::ClientMessage req;
  v1::SetRetentionPolicy* p = req.mutable_set_retention_policy();
  p->set_data_class(data_class);
  p->set_default_ms(default_ms);
  p->set_min_ms(min_ms);
  p->set_max_ms(max_ms);
  return req;
}

v1::ClientMessage SetCommunityRetentionReq(const std::string& community_id,
                                           v1::DataClass data_class, uint64_t period_ms) {
  v1::ClientMessage req;
  v1::SetCommunityRetention* c = req.mutable_set_community_retention();
  c->set_community_id(community_id);
  c->set_data_class(data_class);
  c->set_period_ms(period_ms);
  return req;
}

v1::ClientMessage ResetCommunityRetentionReq(const std::string& community_id,
                                             v1::DataClass data_class) {
  v1::ClientMessage req = SetCommunityRetentionReq(community_id, data_class, 0);
  req.mutable_set_community_retention()->set_reset(true);
  return req;
}

v1::ClientMessage EraseAccountReq() {
  v1::ClientMessage req;
  req.mutable_erase_account()->set_confirm(true);
  return req;
}

v1::ClientMessage ExportAccountReq() {
  v1::ClientMessage req;
  req.mutable_export_account();
  return req;
}

v1::ClientMessage VerifyAuditReq() {
  v1::ClientMessage req;
  req.mutable_verify_audit();
  return req;
}

v1::ClientMessage RecordsOfProcessingReq() {
  v1::ClientMessage req;
  req.mutable_get_records_of_processing();
  return req;
}

v1::ClientMessage SyncInboxReq() {
  v1::ClientMessage req;
  req.mutable_sync_inbox();
  return req;
}

v1::ClassRetention ClassIn(const v1::RetentionInfo& info, v1::DataClass data_class) {
  for (const v1::ClassRetention& c : info.classes())
    if (c.data_class() == data_class) return c;
  ADD_FAILURE() << "no retention for class " << data_class;
  return {};
}

}  // namespace weerbaar::server
