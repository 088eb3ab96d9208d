// The fixture cache: a line-oriented text file.
//   weerbaar-bench-fixture 1
//   spec FANOUT_SIZES(comma separated, or -) SENDERS IDLE
//   admin SECRET_HEX / leader SECRET_HEX
//   group fanout|sender|backlog GROUP_ID_HEX EPOCH, then "member SECRET_HEX" lines
//   idle SECRET_HEX
#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench/loadgen/fixture.h"
#include "common/bytes.h"

namespace weerbaar::bench {
namespace {

constexpr const char* kMagic = "weerbaar-bench-fixture 1";

std::string SecretHex(const crypto::DeviceIdentity& d) {
  return HexEncode(d.SerializeSecret().view());
}

Result<crypto::DeviceIdentity> ParseDevice(const std::string& hex) {
  std::optional<Bytes> raw = HexDecode(hex);
  if (!raw) return DataLoss("fixture file: bad hex");
  crypto::SecretBytes secret{ByteView(*raw)};
  return crypto::DeviceIdentity::Parse(secret.view());
}

std::string SizesText(const std::vector<size_t>& sizes) {
  std::string out;
  for (size_t s : sizes) {
    if (!out.empty()) out += ',';
    out += std::to_string(s);
  }
  return out.empty() ? "-" : out;
}

Result<std::vector<size_t>> ParseSizes(const std::string& text) {
  std::vector<size_t> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item == "-") continue;
    size_t n = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (ec != std::errc() || end != item.data() + item.size())
      return DataLoss("fixture file: bad spec");
    out.push_back(n);
  }
  return out;
}

void WriteGroup(std::ostream& out, const char* kind, const BenchGroup& g) {
  out << "group " << kind << " " << HexEncode(AsBytes(g.id)) << " " << g.epoch << "\n";
  for (const crypto::DeviceIdentity& d : g.members) out << "member " << SecretHex(d) << "\n";
}

// Applies one line to `f`; `group` is the group that "member" lines belong to.
Status ReadLine(const std::string& word, std::istringstream& in, Fixture& f, BenchGroup*& group) {
  std::string a, b;
  if (word == "spec") {
    in >> a >> f.spec.senders >> f.spec.idle;
    WB_ASSIGN_OR_RETURN(f.spec.fanout_sizes, ParseSizes(a));
  } else if (word == "admin" || word == "leader" || word == "member" || word == "idle") {
    in >> a;
    WB_ASSIGN_OR_RETURN(crypto::DeviceIdentity d, ParseDevice(a));
    if (word == "admin") f.admin = std::move(d);
    if (word == "leader") f.leader = std::move(d);
    if (word == "idle") f.idle.push_back(std::move(d));
    if (word == "member" && group == nullptr)
      return DataLoss("fixture file: member outside a group");
    if (word == "member") group->members.push_back(std::move(d));
  } else if (word == "group") {
    uint64_t epoch = 0;
    in >> a >> b >> epoch;
    group = a == "fanout"   ? &f.fanout.emplace_back()
            : a == "sender" ? &f.senders.emplace_back()
                            : &f.backlog;
    std::optional<Bytes> id = HexDecode(b);
    if (!id) return DataLoss("fixture file: bad group id");
    group->id = ToString(*id);
    group->epoch = epoch;
  } else {
    return DataLoss("fixture file: unknown line");
  }
  return in.fail() ? DataLoss("fixture file: malformed line") : Status::Ok();
}

}  // namespace

Status SaveFixture(const std::string& path, const Fixture& f) {
  std::ostringstream out;
  out << kMagic << "\n"
      << "spec " << SizesText(f.spec.fanout_sizes) << " " << f.spec.senders << " " << f.spec.idle
      << "\n";
  if (f.admin) out << "admin " << SecretHex(*f.admin) << "\n";
  if (f.leader) out << "leader " << SecretHex(*f.leader) << "\n";
  for (const BenchGroup& g : f.fanout) WriteGroup(out, "fanout", g);
  for (const BenchGroup& g : f.senders) WriteGroup(out, "sender", g);
  WriteGroup(out, "backlog", f.backlog);
  for (const crypto::DeviceIdentity& d : f.idle) out << "idle " << SecretHex(d) << "\n";
  // Secret keys: owner-only from the first byte.
  const mode_t old_mask = umask(077);
  std::ofstream file(path, std::ios::trunc);
  umask(old_mask);
  file << out.str();
  file.close();
  return file ? Status::Ok() : Unavailable("cannot write the fixture file");
}

Result<Fixture> LoadFixture(const std::string& path) {
  std::ifstream file(path);
  if (!file) return NotFound("no fixture file");
  std::string line;
  if (!std::getline(file, line) || line != kMagic) return DataLoss("not a fixture file");
  Fixture f;
  BenchGroup* group = nullptr;
  while (std::getline(file, line)) {
    std::istringstream in(line);
    std::string word;
    in >> word;
    WB_RETURN_IF_ERROR(ReadLine(word, in, f, group));
  }
  if (!f.admin || !f.leader || f.fanout.size() != f.spec.fanout_sizes.size() ||
      f.senders.size() != f.spec.senders || f.idle.size() != f.spec.idle)
    return DataLoss("fixture file is incomplete");
  return f;
}

}  // namespace weerbaar::bench
