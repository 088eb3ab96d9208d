#include "tests/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

extern char** environ;

namespace weerbaar::testing {
namespace fs = std::filesystem;

namespace {

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> v;
  for (const auto& a : args) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int Decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

// Spawns argv with stdout and stderr redirected to the given fds (-1: inherit).
pid_t Spawn(const std::vector<std::string>& argv, int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd >= 0) posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  if (err_fd >= 0) posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  pid_t pid = -1;
  auto args = Argv(argv);
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/weerbaar-test-XXXXXX";
  char* made = mkdtemp(tmpl.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_ms) {
  ProcessResult r;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return r;
  pid_t pid = Spawn(argv, out[1], err[1]);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    r.err = "spawn failed: " + argv[0];
    return r;
  }
  int64_t deadline = NowMs() + timeout_ms;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  bool killed = false;
  while (open_fds > 0) {
    int left = static_cast<int>(deadline - NowMs());
    if (left <= 0 && !killed) {
      kill(pid, SIGKILL);
      killed = true;
    }
    if (poll(fds, 2, killed ? 1000 : left) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = Decode(status);
  return r;
}

std::string ServerBinary() { return WEERBAAR_SERVER_BIN; }
std::string CliBinary() { return WEERBAAR_CLI_BIN; }

ServerProcess::ServerProcess(std::string data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {
  log_path_ = data_dir_ + ".log";
  auto r = RunProcess({ServerBinary(), "init", "--data", data_dir_});
  std::smatch m;
  static const std::regex kInvite("admin invite: ([A-Za-z0-9_-]+)");
  if (r.exit_code == 0 && std::regex_search(r.out, m, kInvite)) admin_invite_ = m[1];
}

ServerProcess::~ServerProcess() { Kill(); }

bool ServerProcess::Start() {
  if (pid_ > 0) return true;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return false;
  int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  std::vector<std::string> argv = {ServerBinary(), "run",      "--data",
                                   data_dir_,      "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  pid_ = Spawn(argv, out[1], log_fd);
  close(out[1]);
  if (log_fd >= 0) close(log_fd);
  if (pid_ < 0) {
    close(out[0]);
    return false;
  }
  // Read stdout until the "listening on" line (bounded).
  std::string got;
  int64_t deadline = NowMs() + 30'000;
  static const std::regex kListening("listening on [0-9.]+:([0-9]+)");
  std::smatch m;
  while (NowMs() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    if (std::regex_search(got, m, kListening)) {
      port_ = std::stoi(m[1]);
      break;
    }
  }
  close(out[0]);
  if (port_ == 0) Kill();
  return port_ != 0;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  port_ = 0;
  return Decode(status);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  port_ = 0;
}

std::string ServerProcess::url() const { return "ws://127.0.0.1:" + std::to_string(port_); }

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ProcessResult Cli::Run(std::vector<std::string> args, int timeout_ms) const {
  std::vector<std::string> argv = {CliBinary(), "--profile", profile_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, timeout_ms);
}

bool WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

bool AnyFileContains(const std::string& dir, const std::string& needle) {
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string JsonField(const std::string& json, const std::string& field) {
  std::regex re("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(json, m, re) ? std::string(m[1]) : std::string();
}

}  // namespace weerbaar::testing
