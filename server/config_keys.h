// Internal: the table of configuration keys, shared by the parser and the file writer.
#pragma once

#include <string>
#include <vector>

#include "server/config.h"

namespace weerbaar::server {

struct ConfigKeyDoc {
  std::string name;
  std::string help;   // one line
  std::string value;  // the key's value in `config`, as TOML
};

// Every key, in file order, with its value taken from `config`.
std::vector<ConfigKeyDoc> DescribeConfig(const Config& config);

}  // namespace weerbaar::server
