// Test fixture for the Store: a fresh data folder, a ManualClock, awaited writes.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/clock.h"
#include "crypto/secret.h"
#include "storage/store.h"

namespace weerbaar::storage {

// A fresh 16-byte random id.
Id RandomId();
// A fresh directory under ::testing::TempDir().
std::string MakeTempDir();

class StoreTest : public ::testing::Test {
 protected:
  // A community with a leader (registered through a community invite) and a group the
  // leader created.
  struct World {
    Id community;
    Id group;
    RegisterOutcome leader;
  };

  void SetUp() override;
  void TearDown() override;

  Options MakeOptions(const crypto::SecretBytes& master_key) const;
  Result<std::unique_ptr<Store>> OpenWith(const crypto::SecretBytes& master_key);
  // Closes store_ (draining it) and opens the folder again with master_key_.
  void Reopen();

  Result<Done> NewCommunity(const Id& community_id);
  Result<Done> NewInvite(const InviteRecord& invite);
  Result<Done> NewGroup(const Id& group_id, const Id& community_id, const Id& creator);
  // Stores `invite` under a fresh token and registers a fresh device with it.
  Result<RegisterOutcome> Join(InviteRecord invite, const std::string& display_name = "Anna");
  // A fresh invite of kind `kind` that expires in an hour.
  InviteRecord Invite(InviteKind kind) const;
  // Registers a new resident of `community`.
  Result<RegisterOutcome> NewResident(const Id& community);
  Result<AppendResult> Send(const Id& group, const RegisterOutcome& from, uint64_t epoch,
                            const Id& client_msg_id, const std::string& ciphertext = "sealed");
  void MakeWorld(World* world);

  // Retention, erasure, pairwise delivery (awaited).
  Result<Done> SetPolicy(DataClass data_class, int64_t default_ms, int64_t min_ms, int64_t max_ms,
                         const Id& actor = {});
  Result<Done> SetCommunityPeriod(const Id& community, DataClass data_class, int64_t period_ms,
                                  const Id& actor = {});
  Result<ErasureReceipt> Erase(const Id& user, const Id& actor = {});
  Result<std::vector<InboxEntry>> Deliver(std::vector<NewInboxMessage> msgs);
  // Registers a resident of the world's community who is also a member of its group
  // (through a group invite); the group's epoch goes up by one.
  Result<RegisterOutcome> NewGroupMember(const World& world, const std::string& name = "Bram");
  // MakeWorld, and a member of its group besides the leader (NewGroupMember).
  void MakeWorldWithMember(World* world, RegisterOutcome* member);

  std::string DbDir() const { return dir_ + "/db"; }
  std::string KeyringDir() const { return dir_ + "/keyring"; }

  ManualClock clock_;
  std::string dir_;
  crypto::SecretBytes master_key_;
  std::unique_ptr<Store> store_;
};

}  // namespace weerbaar::storage
