#include "server/corked_stream.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <string>
#include <vector>

namespace weerbaar::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A connected loopback pair: `corked` writes through a CorkedStream, `peer` reads raw bytes.
class CorkedStreamTest : public ::testing::Test {
 protected:
  CorkedStreamTest() : peer_(io_), corked_(Connect()) {}

  tcp::socket Connect() {
    tcp::acceptor acceptor(io_, {asio::ip::address_v4::loopback(), 0});
    tcp::socket client(io_);
    client.connect(acceptor.local_endpoint());
    acceptor.accept(peer_);
    return client;
  }

  // Writes `data` with asio::async_write (as Beast does) and runs until it completes.
  size_t Write(const std::string& data) {
    size_t written = 0;
    boost::system::error_code result;
    asio::async_write(corked_, asio::buffer(data), [&](boost::system::error_code ec, size_t n) {
      result = ec;
      written = n;
    });
    io_.restart();
    io_.run();
    EXPECT_FALSE(result) << result.message();
    return written;
  }

  std::string ReadExactly(size_t n) {
    std::string out(n, '\0');
    asio::read(peer_, asio::buffer(out));
    return out;
  }

  asio::io_context io_;
  tcp::socket peer_;
  CorkedStream<tcp::socket> corked_;
};

TEST_F(CorkedStreamTest, HoldsCorkedWritesAndSendsThemWithTheNextUncorkedOne) {
  corked_.set_corked(true);
  EXPECT_EQ(Write("first|"), 6u);
  EXPECT_EQ(Write("second|"), 7u);
  EXPECT_EQ(corked_.buffered_bytes(), 13u);
  EXPECT_EQ(peer_.available(), 0u);  // nothing has left yet
  corked_.set_corked(false);
  EXPECT_EQ(Write("third"), 5u);
  EXPECT_EQ(corked_.buffered_bytes(), 0u);
  EXPECT_EQ(ReadExactly(18), "first|second|third");
}

TEST_F(CorkedStreamTest, SendsAtOnceWhenUncorked) {
  EXPECT_EQ(Write("alone"), 5u);
  EXPECT_EQ(corked_.buffered_bytes(), 0u);
  EXPECT_EQ(ReadExactly(5), "alone");
}

TEST_F(CorkedStreamTest, AWriteThatWouldOverflowTheBufferSendsEverythingInOrder) {
  corked_.set_corked(true);
  std::string small(kCorkBufferBytes - 10, 'a');
  std::string big(100, 'b');
  EXPECT_EQ(Write(small), small.size());
  EXPECT_EQ(Write(big), big.size());  // still corked, but no room: the buffer goes out
  EXPECT_EQ(corked_.buffered_bytes(), 0u);
  EXPECT_EQ(ReadExactly(small.size() + big.size()), small + big);
}

TEST_F(CorkedStreamTest, KeepsOrderAcrossManyBatchesLargerThanTheSocketBuffer) {
  // 4 MiB in 1 KiB pieces, every 16th uncorked, through a small socket send buffer: the
  // peer reads while we write, so gathered sends are partial and must resume where they
  // stopped.
  corked_.next_layer().set_option(asio::socket_base::send_buffer_size(4096));
  std::string expected;
  std::vector<std::string> pieces;
  for (int i = 0; i < 4096; ++i)
    pieces.push_back(std::string(1024, static_cast<char>('a' + i % 26)));
  std::string received;
  received.resize(pieces.size() * 1024);
  bool read_done = false;
  asio::async_read(peer_, asio::buffer(received),
                   [&](boost::system::error_code ec, size_t) { read_done = !ec; });
  size_t written = 0;
  std::function<void(size_t)> next = [&](size_t i) {
    if (i == pieces.size()) return;
    corked_.set_corked(i % 16 != 15 && i + 1 != pieces.size());
    asio::async_write(corked_, asio::buffer(pieces[i]),
                      [&, i](boost::system::error_code ec, size_t n) {
                        ASSERT_FALSE(ec) << ec.message();
                        written += n;
                        next(i + 1);
                      });
  };
  next(0);
  io_.run();
  for (const std::string& p : pieces) expected += p;
  EXPECT_TRUE(read_done);
  EXPECT_EQ(written, expected.size());
  EXPECT_TRUE(received == expected);
}

}  // namespace
}  // namespace weerbaar::server
