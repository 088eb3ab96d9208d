// Geohash (Niemeyer 2008): a location as a string of base-32 characters, each one
// narrowing a cell; a prefix is the enclosing, coarser cell. Cards carry locations only as
// geohashes cut to their channel's precision. Canonical form: lower case.
//
// Cell size by length (at the equator; north-south x east-west):
//   4: 20 km x 39 km   5: 4.9 km x 4.9 km   6: 610 m x 1.2 km   7: 153 m x 153 m
//   8: 19 m x 38 m     9: 4.8 m x 4.8 m     12: ~2 cm
// A geohash at length >= 7 locates a building's street frontage: personal data.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace weerbaar::signals {

inline constexpr int kMaxGeohashLength = 12;

struct GeoBox {
  double lat_min = 0, lat_max = 0, lon_min = 0, lon_max = 0;
  double lat() const { return (lat_min + lat_max) / 2; }
  double lon() const { return (lon_min + lon_max) / 2; }
};

// 1..12 characters of "0123456789bcdefghjkmnpqrstuvwxyz".
bool IsValidGeohash(std::string_view hash);

// kInvalidArgument: latitude outside [-90, 90], longitude outside [-180, 180], NaN, or a
// length outside 1..12.
Result<std::string> EncodeGeohash(double lat, double lon, int length);

// The cell of a geohash. kInvalidArgument if !IsValidGeohash.
Result<GeoBox> DecodeGeohash(std::string_view hash);

// The enclosing cell of `length` characters (a prefix). kInvalidArgument if the hash is
// invalid, `length` is outside 1..12, or the hash is shorter than `length` (coarsening
// never invents precision).
Result<std::string> CoarsenGeohash(std::string_view hash, int length);

}  // namespace weerbaar::signals
