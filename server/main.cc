// weerbaar-server: `init` prepares a data folder, `run` serves it.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "common/clock.h"
#include "crypto/primitives.h"
#include "server/config.h"
#include "server/datadir.h"
#include "server/init.h"
#include "server/log.h"
#include "server/server.h"

namespace {

using weerbaar::Result;
using weerbaar::Status;
namespace server = weerbaar::server;

struct Flags {
  std::string data, config, listen, web_root;
};

int Fail(const Status& status) {
  std::cerr << "weerbaar-server: " << status.message() << "\n";
  return 1;
}

// File first, then flags. Without --config the data folder's weerbaar.toml is used, and
// a missing one means defaults (a data folder that was never initialised fails later, on
// its missing key file, with a clearer message).
Result<server::Config> LoadConfig(const Flags& flags) {
  server::Config config;
  if (!flags.config.empty() || !flags.data.empty()) {
    bool explicit_file = !flags.config.empty();
    std::string path = explicit_file ? flags.config : server::DataPaths(flags.data).config;
    Result<server::Config> loaded = server::LoadConfigFile(path);
    if (loaded.ok())
      config = *loaded;
    else if (explicit_file || loaded.status().code() != weerbaar::Code::kNotFound)
      return loaded.status();
  }
  if (!flags.data.empty()) config.data_dir = flags.data;
  if (!flags.listen.empty()) {
    WB_ASSIGN_OR_RETURN(config.listen, server::ParseListen(flags.listen));
  }
  if (!flags.web_root.empty()) config.web_root = flags.web_root;
  if (config.data_dir.empty()) return weerbaar::InvalidArgument("--data is required");
  WB_RETURN_IF_ERROR(server::ValidateConfig(config));
  return config;
}

int RunInit(const Flags& flags) {
  Result<server::Config> config = LoadConfig(flags);
  if (!config.ok()) return Fail(config.status());
  server::SetLogLevel(config->log_level);
  Result<std::string> token =
      server::InitDataDir(config->data_dir, *config, *weerbaar::SystemClock::Default());
  if (!token.ok()) return Fail(token.status());
  std::cout << "admin invite: " << *token << std::endl;
  return 0;
}

int RunServer(const Flags& flags) {
  Result<server::Config> config = LoadConfig(flags);
  if (!config.ok()) return Fail(config.status());
  server::SetLogLevel(config->log_level);
  auto created = server::Server::Create(*config);
  if (!created.ok()) return Fail(created.status());
  std::unique_ptr<server::Server> srv = std::move(created).value();
  // Tests parse this line to learn the port when listening on port 0.
  std::cout << "listening on " << server::FormatListen(srv->address()) << std::endl;
  if (!config->web_root.empty()) {
    const char* scheme = config->tls_cert_file.empty() ? "http" : "https";
    std::cout << "web client: " << scheme << "://" << server::FormatListen(srv->address()) << "/"
              << std::endl;
  }
  Status run = srv->Run();
  srv.reset();
  return run.ok() ? 0 : Fail(run);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Weerbaar server: end-to-end encrypted messaging for neighbourhoods"};
  app.require_subcommand(1);
  Flags flags;
  CLI::App* init = app.add_subcommand("init", "Create a data folder and print an admin invite");
  init->add_option("--data", flags.data, "Data folder to create")->required();
  init->add_option("--config", flags.config, "Configuration file (for invite_ttl_seconds)");
  CLI::App* run = app.add_subcommand("run", "Serve a data folder");
  run->add_option("--data", flags.data, "Data folder (made by init)");
  run->add_option("--config", flags.config, "Configuration file (default DATA/weerbaar.toml)");
  run->add_option("--listen", flags.listen, "HOST:PORT, overrides the file (port 0: any)");
  run->add_option("--web-root", flags.web_root,
                  "Folder of the built web client to serve, overrides the file");
  CLI11_PARSE(app, argc, argv);
  server::LogToStderr();
  // A closed stdout or stderr (a supervisor that stopped reading) must not kill the
  // server: writes to it then fail quietly instead of raising SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);

  if (!weerbaar::crypto::Init().ok()) return Fail(weerbaar::Internal("libsodium init failed"));
  return init->parsed() ? RunInit(flags) : RunServer(flags);
}
