#include "server/hub.h"

#include <gtest/gtest.h>

#include <set>

namespace weerbaar::server {
namespace {

class NullConnection final : public Connection {
 public:
  void Send(Frame) override {}
  void Close(uint16_t) override {}
};

std::set<ConnId> VisitUser(const Hub& hub, const std::string& user) {
  std::set<ConnId> out;
  hub.ForEachOfUser(user, [&](ConnId id, Connection&) { out.insert(id); });
  return out;
}

std::set<ConnId> VisitDevice(const Hub& hub, const std::string& device) {
  std::set<ConnId> out;
  hub.ForEachOfDevice(device, [&](ConnId id, Connection&) { out.insert(id); });
  return out;
}

TEST(HubTest, FindsEveryConnectionOfEveryDeviceOfAUser) {
  Hub hub;
  NullConnection a, b, c, d;
  hub.Bind(1, &a, "anna", "phone");
  hub.Bind(2, &b, "anna", "laptop");
  hub.Bind(3, &c, "anna", "phone");  // a second connection of the same device
  hub.Bind(4, &d, "bert", "tablet");
  EXPECT_EQ(VisitUser(hub, "anna"), (std::set<ConnId>{1, 2, 3}));
  EXPECT_EQ(VisitDevice(hub, "phone"), (std::set<ConnId>{1, 3}));
  EXPECT_EQ(VisitUser(hub, "carla"), std::set<ConnId>{});
  EXPECT_EQ(hub.size(), 4u);
}

TEST(HubTest, ForgetsAnUnboundConnectionEverywhere) {
  Hub hub;
  NullConnection a, b;
  hub.Bind(1, &a, "anna", "phone");
  hub.Bind(2, &b, "anna", "laptop");
  hub.Unbind(1);
  hub.Unbind(1);   // twice is harmless
  hub.Unbind(99);  // unknown is harmless
  EXPECT_EQ(VisitUser(hub, "anna"), std::set<ConnId>{2});
  EXPECT_EQ(VisitDevice(hub, "phone"), std::set<ConnId>{});
  hub.Unbind(2);
  EXPECT_EQ(hub.size(), 0u);
}

}  // namespace
}  // namespace weerbaar::server
