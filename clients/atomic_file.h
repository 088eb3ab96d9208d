// Owner-only files for secrets and client state: exclusive creation, atomic replacement.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/bytes.h"
#include "common/status.h"

namespace weerbaar::client {

// Creates `dir` with `mode` if missing (the parent must exist). An existing folder must
// be a directory owned by this user with no access for group or others:
// kFailedPrecondition otherwise, so a secret never lands in a shared folder.
Status EnsurePrivateDir(const std::string& dir, mode_t mode = 0700);

// Creates `path` with O_EXCL and `mode`, writes `data` and fsyncs it and its folder.
// kAlreadyExists if the file exists; a partly written file is removed on failure.
Status CreateFileExclusive(const std::string& path, ByteView data, mode_t mode = 0600);

// Replaces `path` atomically: writes "<path>.tmp" (mode), fsyncs, renames over `path`,
// fsyncs the folder. A crash leaves either the old or the new content.
Status WriteFileAtomically(const std::string& path, ByteView data, mode_t mode = 0600);

// Reads a whole file. kNotFound if missing; kResourceExhausted if larger than max_bytes.
Result<Bytes> ReadWholeFile(const std::string& path, size_t max_bytes);

}  // namespace weerbaar::client
