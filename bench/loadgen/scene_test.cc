#include "bench/loadgen/scene.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

TEST(SceneTest, RunStopsACoroutineThatOutlivesTheLimit) {
  Scene scene;
  bool finished = false;
  Signal& never = scene.NewSignal();
  auto waiter = [&]() -> asio::awaitable<void> {
    while (!scene.stopping()) co_await never.Wait();
    finished = true;
  };
  scene.Spawn(waiter());
  EXPECT_FALSE(scene.Run(Millis(0)));
  EXPECT_TRUE(finished);
  EXPECT_EQ(scene.failures(), 0u);
}

TEST(SceneTest, RunUntilReturnsOnceTheConditionHolds) {
  Scene scene;
  int steps = 0;
  Signal& tick = scene.NewSignal();
  auto counter = [&]() -> asio::awaitable<void> {
    for (; steps < 3; ++steps) {
      tick.Notify();  // wakes nobody: the loop re-checks, as waiters must
      co_await asio::post(scene.io(), asio::use_awaitable);
    }
  };
  scene.Spawn(counter());
  EXPECT_TRUE(scene.RunUntil([&] { return steps == 3; }, Millis(10'000)));
}

TEST(WsClientTest, AClosedPortIsUnavailable) {
  // A port that was free a moment ago: nothing listens on it.
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t port = probe.local_endpoint().port();
  probe.close();
  Scene scene;
  Status result = Internal("not run");
  const Endpoint to{"127.0.0.1", port, "/"};
  const crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  // Named arguments: g++ 12 frees a braced temporary inside a co_await twice.
  auto connect = [&]() -> asio::awaitable<void> {
    Result<v1::AuthResult> auth = co_await ConnectAuthenticated(scene.NewClient(), to, device);
    result = auth.status();
  };
  scene.Spawn(connect());
  EXPECT_TRUE(scene.Run(Millis(10'000)));
  EXPECT_EQ(result.code(), Code::kUnavailable) << result.ToString();
}

}  // namespace
}  // namespace weerbaar::bench
