// Compiles header-only Boost.JSON for weerbaar_signals. Kept alone in its own file: when a
// binary also compiles <boost/json/src.hpp> elsewhere (clients/cli/json_impl.cc), the
// linker takes this archive member only if no other object already defined the symbols.
#include <boost/json/src.hpp>
