// Boost.JSON, header-only: its implementation is compiled here, once for the server library.
#include <boost/json/src.hpp>
