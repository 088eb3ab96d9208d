// weerbaar-loadgen: sets up users through the real protocol, runs the benchmark scenarios
// against a running weerbaar-server (and the ws peer), prints one table of medians.
// bench/run.sh starts the servers and calls this; docs/performance.md explains the output.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "bench/loadgen/proc.h"
#include "bench/loadgen/report.h"
#include "bench/loadgen/scenarios.h"
#include "crypto/primitives.h"

namespace {

namespace bench = weerbaar::bench;
using weerbaar::Result;
using weerbaar::Status;

struct Flags {
  std::string server, peer, admin_invite, fixture, json, scenarios = "all";
  pid_t server_pid = 0, peer_pid = 0;
  size_t runs = 3;
  double seconds = 5;
  bool quick = false;
};

int Fail(const Status& st) {
  std::cerr << "weerbaar-loadgen: " << st.ToString() << "\n";
  return 1;
}

// --quick: a smoke run of well under a minute, still with 10,000 idle connections.
// Flags given explicitly win.
void ApplyQuick(const CLI::App& app, Flags& f, bench::Settings& s) {
  if (!f.quick) return;
  if (!app.count("--runs")) f.runs = 1;
  if (!app.count("--seconds")) f.seconds = 1.5;
  if (!app.count("--backlog")) s.backlog_messages = 2'000;
  if (!app.count("--fanout-deliveries")) s.fanout_deliveries = 30'000;
}

Result<bench::Fixture> LoadOrBuild(const Flags& f, const bench::Endpoint& server,
                                   const bench::FixtureSpec& spec) {
  std::optional<weerbaar::crypto::DeviceIdentity> admin;
  if (!f.fixture.empty()) {
    Result<bench::Fixture> cached = bench::LoadFixture(f.fixture);
    if (cached.ok() && cached->spec == spec) {
      std::cerr << "setup: reusing " << f.fixture << "\n";
      return cached;
    }
    if (cached.ok()) admin = std::move(cached->admin);  // same server, other sizes
  }
  if (!admin && f.admin_invite.empty())
    return weerbaar::InvalidArgument("--admin-invite is needed to set up users");
  std::cerr << "setup: registering " << spec.devices() << " devices\n";
  WB_ASSIGN_OR_RETURN(bench::Fixture fixture,
                      bench::BuildFixture(server, spec, f.admin_invite, std::move(admin)));
  if (!f.fixture.empty()) WB_RETURN_IF_ERROR(bench::SaveFixture(f.fixture, fixture));
  return fixture;
}

bench::Results RunOnce(size_t run, const std::set<std::string>& wanted, const bench::Target& t,
                       const bench::Fixture& fixture, const bench::Settings& s) {
  bench::Results r;
  auto step = [&](const char* name, bool wanted_now, auto scenario) {
    if (!wanted_now || !(wanted.count("all") || wanted.count(name))) return;
    const auto begin = std::chrono::steady_clock::now();
    scenario();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
    std::fprintf(stderr, "run %zu: %s took %.1f s\n", run + 1, name, took.count());
  };
  // Memory is measured on the first run only: later runs would reuse what the first one
  // left in the server's allocator and look cheaper than a fresh server is.
  step("idle", run == 0, [&] { bench::RunIdle(t, fixture, s, r); });
  step("fanout", true, [&] { bench::RunFanout(t, fixture, s, r); });
  step("durable", true, [&] {
    bench::RunWalBaseline(s, r);
    bench::RunDurable(t, fixture, s, r);
    bench::RunWalBaseline(s, r);
  });
  step("handshake", true, [&] { bench::RunHandshakes(t, fixture, s, r); });
  step("backlog", true, [&] { bench::RunBacklog(t, fixture, s, r); });
  bench::AddDerived(s, r);
  return r;
}

std::set<std::string> Split(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.insert(item);
  return out;
}

Result<bench::Target> MakeTarget(const Flags& f) {
  bench::Target target;
  WB_ASSIGN_OR_RETURN(target.server, bench::ParseEndpoint(f.server));
  target.server_pid = f.server_pid;
  if (f.peer.empty()) return target;
  WB_ASSIGN_OR_RETURN(target.peer, bench::ParseEndpoint(f.peer));
  target.peer_pid = f.peer_pid;
  return target;
}

void Print(const Flags& f, const bench::Settings& s, const std::vector<bench::Results>& runs) {
  const bench::Results medians = bench::Medians(runs);
  std::cout << bench::FormatTable(s, runs, medians);
  if (f.json == "-") std::cout << bench::FormatJson(s, runs, medians);
  if (!f.json.empty() && f.json != "-")
    std::ofstream(f.json) << bench::FormatJson(s, runs, medians);
}

int Main(const CLI::App& app, Flags& f, bench::Settings& s) {
  ApplyQuick(app, f, s);
  s.measure = bench::Millis(static_cast<int64_t>(f.seconds * 1000));
  std::sort(s.sender_counts.begin(), s.sender_counts.end());
  if (!weerbaar::crypto::Init().ok()) return Fail(weerbaar::Internal("libsodium init failed"));
  std::cerr << "open files limit: " << bench::RaiseFdLimit() << "\n";
  Result<bench::Target> target = MakeTarget(f);
  if (!target.ok()) return Fail(target.status());
  const size_t senders = s.sender_counts.empty() ? 0 : s.sender_counts.back();
  Result<bench::Fixture> fixture =
      LoadOrBuild(f, target->server, {s.fanout_sizes, senders, s.idle_connections});
  if (!fixture.ok()) return Fail(fixture.status());
  std::vector<bench::Results> runs;
  for (size_t i = 0; i < f.runs; ++i)
    runs.push_back(RunOnce(i, Split(f.scenarios), *target, *fixture, s));
  Print(f, s, runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Weerbaar load generator (loopback only): see docs/performance.md"};
  Flags f;
  bench::Settings s;
  app.add_option("--server", f.server, "ws://127.0.0.1:PORT/ of weerbaar-server")->required();
  app.add_option("--server-pid", f.server_pid, "its process id (for CPU and memory)")->required();
  app.add_option("--admin-invite", f.admin_invite, "the invite printed by weerbaar-server init");
  app.add_option("--peer", f.peer, "ws://127.0.0.1:PORT/ of bench/peer/ws-peer.js");
  app.add_option("--peer-pid", f.peer_pid, "its process id");
  app.add_option("--fixture", f.fixture, "cache file for the users set up on this server");
  app.add_option("--json", f.json, "also write the numbers as JSON to this file (- = stdout)");
  app.add_option("--scenarios", f.scenarios,
                 "all, or some of fanout,durable,handshake,idle,backlog");
  app.add_option("--runs", f.runs, "repetitions; the table shows medians")
      ->check(CLI::Range(1, 20));
  app.add_option("--seconds", f.seconds, "length of one measurement")->check(CLI::Range(0.2, 60.0));
  app.add_flag("--quick", f.quick, "a smoke run of about a minute");
  app.add_option("--fanout-sizes", s.fanout_sizes, "receivers per fan-out group")->delimiter(',');
  app.add_option("--fanout-deliveries", s.fanout_deliveries, "deliveries per measurement, at most");
  app.add_option("--window", s.window, "fan-out messages in flight")->check(CLI::Range(1, 200));
  app.add_option("--payload-bytes", s.payload_bytes, "fake ciphertext size")
      ->check(CLI::Range(16, 40000));
  app.add_option("--senders", s.sender_counts, "concurrent durable senders")->delimiter(',');
  app.add_option("--handshake-workers", s.handshake_workers, "handshakes at once")
      ->check(CLI::Range(1, 1000));
  app.add_option("--idle", s.idle_connections, "idle connections to open")
      ->check(CLI::Range(1, 100000));
  app.add_option("--backlog", s.backlog_messages, "backlog messages")->check(CLI::Range(1, 100000));
  app.add_option("--baseline-dir", s.baseline_dir, "folder for the WAL baseline (server's disk)");
  CLI11_PARSE(app, argc, argv);
  return Main(app, f, s);
}
