#include "server/hub.h"

#include <algorithm>

namespace weerbaar::server {

void Hub::Bind(ConnId id, Connection* conn, const std::string& user_id,
               const std::string& device_id) {
  by_conn_[id] = Entry{conn, user_id, device_id};
  by_user_[user_id].push_back(id);
  by_device_[device_id].push_back(id);
}

void Hub::Unbind(ConnId id) {
  auto it = by_conn_.find(id);
  if (it == by_conn_.end()) return;
  Erase(by_user_, it->second.user_id, id);
  Erase(by_device_, it->second.device_id, id);
  by_conn_.erase(it);
}

void Hub::ForEachOfUser(const std::string& user_id, const Visit& visit) const {
  ForEach(by_user_, user_id, visit);
}

void Hub::ForEachOfDevice(const std::string& device_id, const Visit& visit) const {
  ForEach(by_device_, device_id, visit);
}

void Hub::ForEach(const Index& index, const std::string& key, const Visit& visit) const {
  auto it = index.find(key);
  if (it == index.end()) return;
  for (ConnId id : it->second) visit(id, *by_conn_.at(id).conn);
}

void Hub::Erase(Index& index, const std::string& key, ConnId id) {
  auto it = index.find(key);
  if (it == index.end()) return;
  std::erase(it->second, id);
  // Empty entries are dropped so the index only grows with the online population.
  if (it->second.empty()) index.erase(it);
}

}  // namespace weerbaar::server
