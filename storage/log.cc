#include "storage/log.h"

#include <spdlog/spdlog.h>

namespace weerbaar::storage {

spdlog::logger* Logger() {
  static const std::shared_ptr<spdlog::logger> logger = spdlog::default_logger()->clone("storage");
  return logger.get();
}

}  // namespace weerbaar::storage
