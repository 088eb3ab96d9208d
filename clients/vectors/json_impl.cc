// Boost.JSON, header-only: its implementation is compiled here, once for the binary.
#include <boost/json/src.hpp>
