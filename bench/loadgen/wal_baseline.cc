// Scenario 2b, the baseline: what durable sends would cost with one WAL sync per message.
// One writer puts one record per message into a fresh RocksDB (the engine the server
// uses, default options) with WriteOptions::sync, i.e. one fdatasync per message, on the
// disk of `baseline_dir` (run.sh puts it beside the server's data folder). A single writer
// on purpose: concurrent RocksDB writers would share syncs, which is the group commit
// this baseline is the absence of.
#include <rocksdb/db.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/stats.h"
#include "bench/loadgen/wire.h"
#include "common/bytes.h"

namespace weerbaar::bench {
namespace {

// A stored group message is its sealed ciphertext plus ids, seq and times.
constexpr size_t kRecordOverheadBytes = 128;
constexpr size_t kMaxWrites = 100'000;

}  // namespace

void RunWalBaseline(const Settings& settings, Results& out) {
  if (settings.baseline_dir.empty()) return;
  static int run = 0;
  const std::string path = settings.baseline_dir + "/wal-baseline-" + std::to_string(getpid()) +
                           "-" + std::to_string(++run);
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, path, &raw).ok()) {
    out["baseline.errors"] = 1;
    return;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const std::string value(settings.payload_bytes + kRecordOverheadBytes, 'v');
  Samples latency;
  // Half a measurement each time: twice per run adds up to one.
  const int64_t t0 = NowNanos(), stop = t0 + settings.measure.count() * 500'000;
  size_t writes = 0;
  for (; writes < kMaxWrites && NowNanos() < stop; ++writes) {
    std::string key;
    PutBigEndian64(key, writes);
    const int64_t begin = NowNanos();
    if (!db->Put(sync, key, value).ok()) break;
    latency.Add(NowNanos() - begin);
  }
  const double seconds = static_cast<double>(NowNanos() - t0) / 1e9;
  db.reset();
  std::filesystem::remove_all(path, ec);
  // Called before and after the durable sends (the disk's sync latency drifts on a shared
  // machine): the rate is over both, the p99 the worse of the two.
  out["baseline.writes"] += static_cast<double>(writes);
  out["baseline.seconds"] += seconds;
  out["baseline.writes_per_s"] = out["baseline.writes"] / out["baseline.seconds"];
  out["baseline.p99_ms"] = std::max(out["baseline.p99_ms"], latency.PercentileMs(99));
}

}  // namespace weerbaar::bench
