// Static files (the built web client) below one root folder: which request targets map to
// which file, their content types, and the security headers sent with every response.
// File system only; no HTTP types, so the rules are tested as tables.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::server {

// No inline script or style, nothing from other origins, no framing. WebSockets may go to
// any ws:/wss: host only because the web client's development override (?server=) needs
// it; 'wasm-unsafe-eval' lets libsodium instantiate its WebAssembly.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// The root folder, resolved (symlinks followed, absolute). kNotFound if it is missing or
// not a folder.
Result<std::string> CanonicalRoot(const std::string& dir);

struct StaticFile {
  std::string path;               // canonical, below the root
  std::string_view content_type;  // static storage
};

// Maps an origin-form request target ("/", "/assets/app.js?v=2") to a regular file below
// `root`. "/" and any target ending in "/" mean that folder's index.html.
// kNotFound for everything else, with the same answer whatever the reason, so a probe
// learns nothing: a target longer than 1024 bytes or not starting with "/"; a path with a
// byte outside [A-Za-z0-9._~-/] (this refuses every %-encoding, "\", NUL and spaces); an
// empty segment ("//"); a segment starting with "." ("..", ".env", ".git"); a file that
// does not exist or is not a regular file; a file that resolves, after symlinks, outside
// the root.
// REQUIRES: `root` came from CanonicalRoot.
Result<StaticFile> ResolveStaticFile(const std::string& root, std::string_view target);

// By extension (ASCII case-insensitive): html, js, mjs, css, svg, png, json, wasm, ico,
// webmanifest, txt, map; anything else is application/octet-stream (never sniffed: every
// response carries X-Content-Type-Options: nosniff).
std::string_view ContentTypeFor(std::string_view path);

}  // namespace weerbaar::server
