// Engine: the parts every read and write of the store works with. Private to the
// storage library; owned by Store::Impl, which outlives every user of it.
#pragma once

#include <atomic>

#include "common/clock.h"
#include "crypto/secret.h"
#include "storage/db.h"
#include "storage/keyring.h"
#include "storage/retention.h"
#include "storage/sealer.h"

namespace weerbaar::storage {

struct Engine {
  Db& db;
  Keyring& keyring;
  Retention& retention;
  Sealer& sealer;
  const Clock& clock;
  // Keys the audit log's pseudonyms (derived from the master key).
  const crypto::SecretBytes& pseudonym_key;
  // Set by an erasure: the next sweep flushes and compacts the whole database, so the
  // erased values leave every file (they are unreadable already: their keys are gone).
  std::atomic<bool>& erased_since_sweep;
};

}  // namespace weerbaar::storage
