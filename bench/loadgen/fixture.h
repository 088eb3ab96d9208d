// The users, groups and devices the scenarios use, created through the real protocol:
// the admin invite registers an admin, who creates a community and invites a leader; the
// leader creates every group and one invite per member device; each device registers
// itself with its invite, over its own connection, as a real client would.
//
// The leader created, and so belongs to, every group: it is the fan-out sender and the
// backlog writer. A fixture is built once per run and reused by every scenario and
// repetition; SaveFixture/LoadFixture keep it between loadgen invocations against the
// same server. The file holds the devices' secret keys (benchmark identities only): it is
// written owner-only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/ws_client.h"
#include "common/status.h"
#include "crypto/identity.h"

namespace weerbaar::bench {

struct BenchGroup {
  std::string id;                               // 16 raw bytes
  uint64_t epoch = 0;                           // after every member joined
  std::vector<crypto::DeviceIdentity> members;  // the invited devices (not the leader)
};

struct FixtureSpec {
  std::vector<size_t> fanout_sizes;  // receivers per fan-out group
  size_t senders = 0;                // durable-send groups with one member each
  size_t idle = 0;                   // community residents in no group
  bool operator==(const FixtureSpec&) const = default;
  size_t devices() const;  // every device that registers with an invite
};

struct Fixture {
  FixtureSpec spec;
  std::optional<crypto::DeviceIdentity> admin;
  std::optional<crypto::DeviceIdentity> leader;
  std::vector<BenchGroup> fanout;   // one per spec.fanout_sizes entry, in that order
  std::vector<BenchGroup> senders;  // spec.senders groups
  BenchGroup backlog;               // one member: the reader that syncs the backlog
  std::vector<crypto::DeviceIdentity> idle;
};

// Builds a fixture on `server`. The admin registers with `admin_invite`, unless `admin`
// is given (an admin registered before, e.g. by an earlier fixture): then it only
// authenticates. Bounded in time; prints progress to stderr.
Result<Fixture> BuildFixture(const Endpoint& server, const FixtureSpec& spec,
                             const std::string& admin_invite,
                             std::optional<crypto::DeviceIdentity> admin);

Status SaveFixture(const std::string& path, const Fixture& fixture);
// kNotFound if the file does not exist; kDataLoss if it is damaged.
Result<Fixture> LoadFixture(const std::string& path);

}  // namespace weerbaar::bench
