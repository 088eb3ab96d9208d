// The `weerbaar` command-line client. See `weerbaar --help`.
#include <exception>
#include <iostream>

#include "clients/cli/cli.h"

int main(int argc, char** argv) {
  // The client library reports errors as Status; this only keeps an unexpected
  // exception (e.g. out of memory) to the one-line error format.
  try {
    return weerbaar::cli::RunApp(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "weerbaar: error: internal error: " << e.what() << std::endl;
    return 1;
  }
}
