#include "server/init.h"

#include <filesystem>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "server/datadir.h"
#include "storage/store.h"

namespace weerbaar::server {
namespace {

bool Exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

Status RefuseInitialised(const DataPaths& paths) {
  for (const std::string* p : {&paths.master_key, &paths.config, &paths.db, &paths.keyring})
    if (Exists(*p)) return AlreadyExists(paths.dir + " is already initialised (" + *p + ")");
  return Status::Ok();
}

Result<std::string> CreateAdminInvite(const DataPaths& paths, const Config& config,
                                      const Clock& clock) {
  storage::Options options;
  options.path = paths.db;
  WB_ASSIGN_OR_RETURN(options.master_key, ReadMasterKeyFile(paths.master_key));
  options.clock = &clock;
  WB_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                      storage::Store::Open(std::move(options)));
  std::string token = Base64UrlEncode(crypto::RandomBytes(32));
  storage::InviteRecord invite;
  invite.token_hash = ToString(crypto::Hash(AsBytes(token)));
  invite.kind = storage::InviteKind::kAdmin;
  invite.role = storage::Role::kAdmin;
  invite.expires_ms = clock.NowMillis() + int64_t{config.invite_ttl_seconds} * 1000;
  WB_RETURN_IF_ERROR(storage::Await<storage::Done>(
      [&](storage::Callback<storage::Done> done) { store->CreateInvite(invite, done); }));
  return token;
}

void RemoveCreated(const DataPaths& paths) {
  std::error_code ec;
  std::filesystem::remove_all(paths.db, ec);
  std::filesystem::remove_all(paths.keyring, ec);
  std::filesystem::remove(paths.master_key, ec);
  std::filesystem::remove(paths.config, ec);
}

}  // namespace

Result<std::string> InitDataDir(const std::string& data_dir, const Config& config,
                                const Clock& clock) {
  DataPaths paths(data_dir);
  WB_RETURN_IF_ERROR(RefuseInitialised(paths));
  WB_RETURN_IF_ERROR(EnsurePrivateDir(paths.dir));
  WB_RETURN_IF_ERROR(WriteNewFile(paths.config, DefaultConfigToml(), 0600));
  Status key = CreateMasterKeyFile(paths.master_key);
  Result<std::string> token =
      key.ok() ? CreateAdminInvite(paths, config, clock) : Result<std::string>(key);
  if (!token.ok()) RemoveCreated(paths);
  return token;
}

}  // namespace weerbaar::server
