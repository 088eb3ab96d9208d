// weerbaar-vectors: interop vectors between the C++ code and the web client.
//
//   weerbaar-vectors generate OUT.json   writes vectors made by the C++ code
//   weerbaar-vectors verify IN.json      checks vectors made by the TypeScript code
//
// Exit codes: 0 ok, 1 a check failed or a file could not be read or written, 2 usage.
// Output: one line, "verify: N checks passed" or "weerbaar-vectors: error: ...".
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "clients/vectors/generate.h"
#include "crypto/primitives.h"

namespace {

namespace json = boost::json;
using weerbaar::Status;

int Fail(const std::string& message) {
  std::cerr << "weerbaar-vectors: error: " << message << "\n";
  return 1;
}

int GenerateTo(const std::string& path) {
  auto vectors = weerbaar::vectors::Generate();
  if (!vectors.ok()) return Fail(vectors.status().message());
  std::ofstream out(path, std::ios::trunc);
  out << json::serialize(*vectors) << "\n";
  out.close();
  if (!out) return Fail("cannot write " + path);
  std::cout << "generate: wrote " << path << "\n";
  return 0;
}

int VerifyFrom(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Fail("cannot read " + path);
  boost::system::error_code ec;
  json::value doc = json::parse(text.str(), ec);
  if (ec || !doc.is_object()) return Fail(path + " is not a JSON object");
  weerbaar::Result<int> checks = weerbaar::vectors::Verify(doc.as_object());
  if (!checks.ok()) return Fail(checks.status().message());
  std::cout << "verify: " << *checks << " checks passed\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: weerbaar-vectors generate OUT.json | verify IN.json\n";
    return 2;
  }
  if (!weerbaar::crypto::Init().ok()) return Fail("libsodium failed to initialise");
  std::string mode = argv[1];
  if (mode == "generate") return GenerateTo(argv[2]);
  if (mode == "verify") return VerifyFrom(argv[2]);
  std::cerr << "usage: weerbaar-vectors generate OUT.json | verify IN.json\n";
  return 2;
}
