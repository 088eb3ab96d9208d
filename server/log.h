// The server library's logger ("server"), writing to stderr.
//
// Never log tokens, keys, plaintext or raw ids: use weerbaar::LogLabel for ids.
#pragma once

#include <spdlog/logger.h>

#include <string_view>

namespace weerbaar::server {

// The "server" logger; created on first use. Thread safe.
spdlog::logger& Log();

// For the binary, before anything logs: makes spdlog's default logger (which other
// libraries clone) write to stderr too, so that stdout carries only the lines that tools
// parse ("admin invite: ...", "listening on ...").
void LogToStderr();

// Sets the level of the server logger and of spdlog's default logger (so loggers cloned from
// it later inherit it) from a config name ("info", "debug", ...). Unknown names are ignored.
void SetLogLevel(std::string_view level);

}  // namespace weerbaar::server
