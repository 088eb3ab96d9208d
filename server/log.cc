#include "server/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace weerbaar::server {

spdlog::logger& Log() {
  // A function-local static: created once, thread safe, and shared with the registry so
  // that a test or the binary that made "server" first gets the same logger.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto existing = spdlog::get("server");
    return existing ? existing : spdlog::stderr_color_mt("server");
  }();
  return *logger;
}

void LogToStderr() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("", sink));
  Log();
}

void SetLogLevel(std::string_view level) {
  spdlog::level::level_enum value = spdlog::level::from_str(std::string(level));
  if (value == spdlog::level::off && level != "off") return;
  spdlog::set_level(value);
  Log().set_level(value);
}

}  // namespace weerbaar::server
