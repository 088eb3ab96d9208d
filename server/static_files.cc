#include "server/static_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace weerbaar::server {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxTargetBytes = 1024;

bool SafeByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' ||
         c == '-' || c == '/';
}

// The path part of a target, checked byte by byte and segment by segment; empty if refused.
// Percent-decoding is never done: a file name that needs it is not one we ship, and not
// decoding means "%2e%2e" can never become "..".
std::string CheckedRelativePath(std::string_view target) {
  if (target.size() > kMaxTargetBytes || !target.starts_with('/')) return {};
  std::string_view path = target.substr(0, target.find('?'));
  if (!std::all_of(path.begin(), path.end(), SafeByte)) return {};
  std::string rel(path.substr(1));
  if (rel.empty() || rel.ends_with('/')) rel += "index.html";
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = std::min(rel.find('/', start), rel.size());
    if (end == start || rel[start] == '.') return {};  // empty, "..", ".hidden"
    start = end + 1;
  }
  return rel;
}

bool IsBelow(const std::string& path, const std::string& root) {
  return path.size() > root.size() + 1 && path.starts_with(root) && path[root.size()] == '/';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<std::string> CanonicalRoot(const std::string& dir) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) return NotFound("web_root is not a folder");
  return root.string();
}

Result<StaticFile> ResolveStaticFile(const std::string& root, std::string_view target) {
  std::string rel = CheckedRelativePath(target);
  if (rel.empty()) return NotFound("no such file");
  std::error_code ec;
  // canonical() follows every symlink, so the prefix check sees where the file really is.
  fs::path real = fs::canonical(fs::path(root) / rel, ec);
  if (ec || !IsBelow(real.string(), root) || !fs::is_regular_file(real, ec) || ec)
    return NotFound("no such file");
  return StaticFile{real.string(), ContentTypeFor(rel)};
}

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"json", "application/json"},
      {"wasm", "application/wasm"},
      {"ico", "image/x-icon"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"map", "application/json"},
  };
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string ext = Lower(path.substr(dot + 1));
    for (const auto& [e, type] : kTypes)
      if (ext == e) return type;
  }
  return "application/octet-stream";
}

}  // namespace weerbaar::server
