// Boost.URL, header-only: its implementation is compiled here, once for the server library
// (used to split and percent-decode the Open311 request targets).
#include <boost/url/src.hpp>
