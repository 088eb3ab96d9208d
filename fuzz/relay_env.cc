#include "fuzz/relay_env.h"

#include <google/protobuf/stubs/logging.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "common/bytes.h"
#include "crypto/identity.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"
#include "protocol/codec.h"
#include "server/log.h"

namespace weerbaar::fuzz {

void FakeConn::Send(server::Frame frame) {
  v1::ServerMessage msg;
  if (!msg.ParseFromString(*frame)) std::abort();  // the relay only sends what it encoded
  if (on_frame) on_frame(msg);
  frames.push_back(std::move(msg));
}

void FakeConn::Close(uint16_t code) {
  if (!close_code) close_code = code;
}

RelayEnv& RelayEnv::Get() {
  static RelayEnv env;
  return env;
}

namespace {

// A memory file system if the machine has one (see relay_env.h), else the temp folder.
std::string ScratchParent() {
  std::error_code ec;
  if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
  return std::filesystem::temp_directory_path().string();
}

}  // namespace

RelayEnv::RelayEnv() : master_key_(crypto::RandomSecret(32)) {
  if (!crypto::Init().ok()) std::abort();
  // Millions of inputs: the logs would only slow them down (protobuf logs every string
  // field that is not UTF-8).
  server::SetLogLevel("off");
  google::protobuf::SetLogHandler(nullptr);
  std::string pattern = ScratchParent() + "/weerbaar-fuzz-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  dir_ = pattern;
  Open();
}

void RelayEnv::Open() {
  storage::Options options;
  options.path = dir_ + "/db";
  options.master_key = master_key_.Clone();
  options.clock = &clock_;
  // Durability is not under test here and a sync per write would cut throughput by an
  // order of magnitude; everything else about the store is the real thing.
  options.sync_writes = false;
  // On /dev/shm reserving a WAL file's space allocates it: about 70 MB per database for
  // every new WAL, so every open.
  options.preallocate_files = false;
  // Restarts reopen the store thousands of times; RocksDB's OPTIONS file (written and
  // parsed back on every open) and its info LOG were over half of a restart's CPU and
  // are not under test.
  options.diagnostic_files = false;
  auto store = storage::Store::Open(std::move(options));
  if (!store.ok()) std::abort();
  store_ = std::move(store).value();
  // Background reads (audit verification, export) queue with the store callbacks, so the
  // target runs them on its own thread in the order it chooses, like everything else.
  auto post = [this](server::Relay::Task t) { Post(std::move(t)); };
  relay_ = std::make_unique<server::Relay>(*store_, clock_, metrics_, config_, post,
                                           [post](server::Relay::Task t) {
                                             post(std::move(t));
                                             return true;
                                           });
}

void RelayEnv::Close() {
  DropTasks();     // the io loop stopped: what was queued never runs
  store_.reset();  // finishes the queued writes; their callbacks land in tasks_
  DropTasks();
  relay_.reset();
}

void RelayEnv::Restart() {
  Close();
  Open();
}

void RelayEnv::BeginInput(uint64_t inputs_per_store) {
  if (++inputs_ % inputs_per_store != 0) return;
  Close();
  std::error_code ec;
  std::filesystem::remove_all(dir_ + "/db", ec);
  std::filesystem::remove_all(dir_ + "/keyring", ec);
  if (ec) std::abort();
  Open();
  ++generation_;
}

void RelayEnv::DropTasks() {
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.clear();
}

RelayEnv::~RelayEnv() {
  store_.reset();  // drains; late callbacks land in tasks_, which nobody runs
  relay_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void RelayEnv::Post(server::Relay::Task task) {
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.push_back(std::move(task));
}

void RelayEnv::Barrier() {
  // The committer runs writes in order and calls their callbacks in order, so once this
  // no-op write has answered, every earlier callback has posted its task.
  (void)storage::Await<storage::Done>([&](storage::Callback<storage::Done> done) {
    store_->AckInbox(std::string(16, '\xee'), 0, done);
  });
}

size_t RelayEnv::pending() {
  std::lock_guard<std::mutex> lock(mu_);
  return tasks_.size();
}

void RelayEnv::RunOne(size_t index) {
  server::Relay::Task task;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (tasks_.empty()) return;
    auto it = tasks_.begin() + static_cast<std::ptrdiff_t>(index % tasks_.size());
    task = std::move(*it);
    tasks_.erase(it);
  }
  task();
}

void RelayEnv::Drain() {
  for (;;) {
    Barrier();
    if (pending() == 0) return;
    while (pending() > 0) RunOne(0);
  }
}

std::string RelayEnv::MintInvite(storage::InviteKind kind) {
  std::string token = Base64UrlEncode(crypto::RandomBytes(32));
  storage::InviteRecord invite;
  invite.token_hash = ToString(crypto::Hash(AsBytes(token)));
  invite.kind = kind;
  invite.role =
      kind == storage::InviteKind::kAdmin ? storage::Role::kAdmin : storage::Role::kResident;
  invite.expires_ms = clock_.NowMillis() + 3'600'000;
  auto r = storage::Await<storage::Done>(
      [&](storage::Callback<storage::Done> done) { store_->CreateInvite(invite, done); });
  if (!r.ok()) std::abort();
  return token;
}

}  // namespace weerbaar::fuzz
