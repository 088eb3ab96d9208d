#include "signals/geohash.h"

namespace weerbaar::signals {
namespace {

constexpr std::string_view kAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz";

int CharValue(char c) {
  size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// One bisection step: bits alternate longitude, latitude, starting with longitude.
struct Interval {
  double low, high;
  int Split(double v) {
    double mid = (low + high) / 2;
    if (v >= mid) {
      low = mid;
      return 1;
    }
    high = mid;
    return 0;
  }
  void Narrow(int bit) { (bit ? low : high) = (low + high) / 2; }
};

}  // namespace

bool IsValidGeohash(std::string_view hash) {
  if (hash.empty() || hash.size() > static_cast<size_t>(kMaxGeohashLength)) return false;
  for (char c : hash) {
    if (CharValue(c) < 0) return false;
  }
  return true;
}

Result<std::string> EncodeGeohash(double lat, double lon, int length) {
  if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
    return InvalidArgument("geohash: coordinates out of range");
  }
  if (length < 1 || length > kMaxGeohashLength) return InvalidArgument("geohash: bad length");
  Interval lat_iv{-90, 90}, lon_iv{-180, 180};
  std::string out;
  bool even = true;
  for (int c = 0; c < length; ++c) {
    int value = 0;
    for (int b = 0; b < 5; ++b, even = !even) {
      value = (value << 1) | (even ? lon_iv.Split(lon) : lat_iv.Split(lat));
    }
    out.push_back(kAlphabet[value]);
  }
  return out;
}

Result<GeoBox> DecodeGeohash(std::string_view hash) {
  if (!IsValidGeohash(hash)) return InvalidArgument("geohash: invalid");
  Interval lat_iv{-90, 90}, lon_iv{-180, 180};
  bool even = true;
  for (char ch : hash) {
    int value = CharValue(ch);
    for (int b = 4; b >= 0; --b, even = !even) {
      (even ? lon_iv : lat_iv).Narrow((value >> b) & 1);
    }
  }
  return GeoBox{lat_iv.low, lat_iv.high, lon_iv.low, lon_iv.high};
}

Result<std::string> CoarsenGeohash(std::string_view hash, int length) {
  if (!IsValidGeohash(hash)) return InvalidArgument("geohash: invalid");
  if (length < 1 || length > kMaxGeohashLength) return InvalidArgument("geohash: bad length");
  if (hash.size() < static_cast<size_t>(length)) {
    return InvalidArgument("geohash: coarser than the requested precision");
  }
  return std::string(hash.substr(0, length));
}

}  // namespace weerbaar::signals
