// Test harness for end-to-end tests: temporary folders, the real server binary started on
// port 0, and the real `weerbaar` CLI run as a child process.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace weerbaar::testing {

// A fresh folder under $TMPDIR, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;  // -signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs a program to completion, capturing stdout and stderr. Bounded by `timeout_ms`
// (the child is killed past it and exit_code is -SIGKILL).
ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_ms = 60'000);

// Paths of the binaries under test (set at build time).
std::string ServerBinary();
std::string CliBinary();

// The real server: `init` once, then `run --listen 127.0.0.1:0`.
class ServerProcess {
 public:
  // Initialises `data_dir` (which must not exist yet); keeps the printed admin invite.
  explicit ServerProcess(std::string data_dir, std::vector<std::string> extra_args = {});
  ~ServerProcess();  // SIGKILLs a running server
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and waits for its "listening on" line. Returns false on failure.
  bool Start();
  // SIGTERM and wait; returns the exit code.
  int Stop();
  // SIGKILL and wait.
  void Kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  const std::string& admin_invite() const { return admin_invite_; }
  const std::string& data_dir() const { return data_dir_; }
  int port() const { return port_; }
  std::string url() const;
  // Everything the server wrote to stderr (its log) so far, read after Stop()/Kill().
  std::string log() const;

 private:
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  std::string admin_invite_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

// The `weerbaar` CLI with a profile folder.
class Cli {
 public:
  explicit Cli(std::string profile_dir) : profile_(std::move(profile_dir)) {}
  ProcessResult Run(std::vector<std::string> args, int timeout_ms = 60'000) const;
  const std::string& profile() const { return profile_; }

 private:
  std::string profile_;
};

// Writes `text` to `path` (replacing it); false on failure.
bool WriteTextFile(const std::string& path, const std::string& text);

// True if `needle` occurs in any regular file below `dir` (raw bytes).
bool AnyFileContains(const std::string& dir, const std::string& needle);

// The value of a JSON string field in a flat JSON object, e.g. JsonField(out, "token").
std::string JsonField(const std::string& json, const std::string& field);

}  // namespace weerbaar::testing
