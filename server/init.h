// `weerbaar-server init`: prepares a new data folder and mints the first admin invite.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "server/config.h"

namespace weerbaar::server {

// Creates `data_dir` (0700) with weerbaar.toml (every setting commented at its default),
// master.key (32 random bytes, 0600, O_EXCL) and the store, then stores a single-use admin
// invite that expires after config.invite_ttl_seconds. Returns the invite token; only its
// hash is stored, so this is the one chance to show it.
// kAlreadyExists if the folder was initialised before (it is left untouched). On any other
// failure the files this call created are removed again.
// REQUIRES: crypto::Init() succeeded.
Result<std::string> InitDataDir(const std::string& data_dir, const Config& config,
                                const Clock& clock);

}  // namespace weerbaar::server
