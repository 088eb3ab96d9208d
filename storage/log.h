// The storage library's logger. Private to the storage library.
#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace weerbaar::storage {

// The "storage" logger (a clone of spdlog's default logger, made on first use).
spdlog::logger* Logger();

}  // namespace weerbaar::storage
