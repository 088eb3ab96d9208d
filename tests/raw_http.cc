#include "tests/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace weerbaar::testing {

RawTcp::~RawTcp() {
  if (fd_ >= 0) close(fd_);
}

bool RawTcp::Connect(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

bool RawTcp::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawTcp::WaitClosed(Timeout timeout, std::string* got) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<Timeout>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    char buf[16384];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EOF or reset
    if (got != nullptr) got->append(buf, static_cast<size_t>(n));
  }
}

std::string RawTcp::ReadFor(Timeout timeout) {
  std::string got;
  WaitClosed(timeout, &got);
  return got;
}

std::string RawTcp::ReadResponse(Timeout timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string got;
  for (;;) {
    size_t head = got.find("\r\n\r\n");
    if (head != std::string::npos) {
      std::string length = HttpHeader(got, "Content-Length");
      size_t want = head + 4 + (length.empty() ? 0 : std::stoul(length));
      if (got.size() >= want) return got;
    }
    auto left = std::chrono::duration_cast<Timeout>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    char buf[16384];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return {};
    got.append(buf, static_cast<size_t>(n));
  }
}

std::string HttpExchange(int port, std::string_view request, Timeout timeout) {
  RawTcp tcp;
  if (!tcp.Connect(port) || !tcp.Send(request)) return {};
  return tcp.ReadFor(timeout);
}

std::string HttpGet(int port, std::string_view target, Timeout timeout) {
  std::string req =
      "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  return HttpExchange(port, req, timeout);
}

int HttpStatus(std::string_view response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  std::string code(response.substr(9, 3));
  return std::all_of(code.begin(), code.end(), ::isdigit) ? std::stoi(code) : 0;
}

std::string HttpHeader(std::string_view response, std::string_view name) {
  std::string_view head = response.substr(0, response.find("\r\n\r\n"));
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos) {
    size_t start = pos + 2;
    size_t end = head.find("\r\n", start);
    std::string_view line = head.substr(start, end == std::string_view::npos ? end : end - start);
    size_t colon = line.find(':');
    if (colon == name.size() &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    pos = end;
  }
  return {};
}

std::string HttpBody(std::string_view response) {
  size_t end = response.find("\r\n\r\n");
  return end == std::string_view::npos ? std::string() : std::string(response.substr(end + 4));
}

bool Healthy(int port) {
  std::string res = HttpGet(port, "/healthz");
  return HttpStatus(res) == 200 && HttpBody(res) == "ok";
}

}  // namespace weerbaar::testing
