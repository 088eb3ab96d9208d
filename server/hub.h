// Hub: which devices are online, and through which connections.
//
// Thread safety: none; used on the relay's thread only.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/connection.h"

namespace weerbaar::server {

class Hub {
 public:
  using Visit = std::function<void(ConnId id, Connection& conn)>;

  // Records an authenticated connection. A device may have several connections.
  // REQUIRES: `id` is not bound; `conn` stays valid until Unbind(id).
  void Bind(ConnId id, Connection* conn, const std::string& user_id, const std::string& device_id);
  // Forgets the connection; a no-op for an unknown id.
  void Unbind(ConnId id);

  // Calls `visit` for every connection of every device of the user / of the device.
  // `visit` must not Bind or Unbind.
  void ForEachOfUser(const std::string& user_id, const Visit& visit) const;
  void ForEachOfDevice(const std::string& device_id, const Visit& visit) const;

  // Whether the user has at least one bound connection.
  bool HasUser(const std::string& user_id) const { return by_user_.count(user_id) > 0; }

  size_t size() const { return by_conn_.size(); }

 private:
  struct Entry {
    Connection* conn;
    std::string user_id;
    std::string device_id;
  };
  using Index = std::unordered_map<std::string, std::vector<ConnId>>;

  void ForEach(const Index& index, const std::string& key, const Visit& visit) const;
  static void Erase(Index& index, const std::string& key, ConnId id);

  std::unordered_map<ConnId, Entry> by_conn_;
  Index by_user_;
  Index by_device_;
};

}  // namespace weerbaar::server
