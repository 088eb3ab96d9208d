#include "signals/geohash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace weerbaar::signals {
namespace {

TEST(GeohashTest, EncodesKnownVectors) {
  // Wikipedia's "Geohash" article and Movable Type's geohash page.
  EXPECT_EQ(EncodeGeohash(57.64911, 10.40744, 11).value(), "u4pruydqqvj");
  EXPECT_EQ(EncodeGeohash(42.6, -5.6, 5).value(), "ezs42");
  EXPECT_EQ(EncodeGeohash(52.205, 0.119, 7).value(), "u120fxw");
  EXPECT_EQ(EncodeGeohash(0, 0, 1).value(), "s");
  EXPECT_EQ(EncodeGeohash(-90, -180, 3).value(), "000");
  EXPECT_EQ(EncodeGeohash(90, 180, 3).value(), "zzz");
}

TEST(GeohashTest, DecodesKnownVectors) {
  GeoBox box = DecodeGeohash("ezs42").value();
  EXPECT_NEAR(box.lat(), 42.605, 0.001);
  EXPECT_NEAR(box.lon(), -5.603, 0.001);
  EXPECT_NEAR(box.lat_max - box.lat_min, 180.0 / (1 << 12), 1e-12);  // 12 latitude bits
  EXPECT_NEAR(box.lon_max - box.lon_min, 360.0 / (1 << 13), 1e-12);  // 13 longitude bits
}

TEST(GeohashTest, EveryCellContainsItsPointAndItsPrefixContainsTheCell) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180);
  for (int i = 0; i < 2000; ++i) {
    double la = lat(rng), lo = lon(rng);
    std::string hash = EncodeGeohash(la, lo, 1 + i % kMaxGeohashLength).value();
    GeoBox box = DecodeGeohash(hash).value();
    EXPECT_TRUE(box.lat_min <= la && la <= box.lat_max && box.lon_min <= lo && lo <= box.lon_max);
    EXPECT_EQ(EncodeGeohash(box.lat(), box.lon(), static_cast<int>(hash.size())).value(), hash);
    if (hash.size() > 1) {
      GeoBox parent = DecodeGeohash(CoarsenGeohash(hash, hash.size() - 1).value()).value();
      EXPECT_TRUE(parent.lat_min <= box.lat_min && box.lat_max <= parent.lat_max &&
                  parent.lon_min <= box.lon_min && box.lon_max <= parent.lon_max);
    }
  }
}

TEST(GeohashTest, CoarsensToAPrefixAndNeverInventsPrecision) {
  EXPECT_EQ(CoarsenGeohash("u173zq3", 5).value(), "u173z");
  EXPECT_EQ(CoarsenGeohash("u173z", 5).value(), "u173z");
  EXPECT_EQ(CoarsenGeohash("u173", 5).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(CoarsenGeohash("u173z", 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(CoarsenGeohash("u173a", 2).status().code(), Code::kInvalidArgument);
}

TEST(GeohashTest, RefusesInvalidInput) {
  for (std::string_view bad : {"", "a", "i", "l", "o", "U4", "u4 ", "u4pruydqqvjuu"}) {
    EXPECT_FALSE(IsValidGeohash(bad)) << bad;
    EXPECT_EQ(DecodeGeohash(bad).status().code(), Code::kInvalidArgument) << bad;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(EncodeGeohash(90.001, 0, 5).ok());
  EXPECT_FALSE(EncodeGeohash(0, -180.5, 5).ok());
  EXPECT_FALSE(EncodeGeohash(nan, 0, 5).ok());
  EXPECT_FALSE(EncodeGeohash(0, nan, 5).ok());
  EXPECT_FALSE(EncodeGeohash(0, 0, 0).ok());
  EXPECT_FALSE(EncodeGeohash(0, 0, 13).ok());
}

}  // namespace
}  // namespace weerbaar::signals
