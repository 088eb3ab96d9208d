#include "common/bytes.h"

#include <gtest/gtest.h>

namespace weerbaar {
namespace {

TEST(BytesTest, HexRoundTrips) {
  Bytes b{0x00, 0x7f, 0xff, 0x10};
  EXPECT_EQ(HexEncode(b), "007fff10");
  EXPECT_EQ(*HexDecode("007FFF10"), b);
  EXPECT_FALSE(HexDecode("0g").has_value());
  EXPECT_FALSE(HexDecode("abc").has_value());
}

TEST(BytesTest, Base64UrlMatchesRfc4648Vectors) {
  struct Case {
    std::string plain, encoded;
  } cases[] = {{"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
               {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const auto& c : cases) {
    EXPECT_EQ(Base64UrlEncode(AsBytes(c.plain)), c.encoded);
    EXPECT_EQ(ToString(*Base64UrlDecode(c.encoded)), c.plain);
  }
  Bytes hi{0xfb, 0xff};
  EXPECT_EQ(Base64UrlEncode(hi), "-_8");
}

TEST(BytesTest, Base64UrlRejectsBadInput) {
  EXPECT_FALSE(Base64UrlDecode("Zm9v=").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());  // non-zero trailing bits
  EXPECT_FALSE(Base64UrlDecode("a+b/").has_value());
}

TEST(BytesTest, BigEndianKeysSortNumerically) {
  std::string a, b;
  PutBigEndian64(a, 255);
  PutBigEndian64(b, 256);
  EXPECT_LT(a, b);
  EXPECT_EQ(GetBigEndian64(b.data()), 256u);
  std::string c;
  PutBigEndian32(c, 0xdeadbeef);
  EXPECT_EQ(GetBigEndian32(c.data()), 0xdeadbeefu);
}

TEST(BytesTest, LogLabelHidesTheId) {
  Bytes id(16, 0xab);
  std::string label = LogLabel(id);
  EXPECT_EQ(label.size(), 9u);
  EXPECT_EQ(label.find("abab"), std::string::npos);
}

}  // namespace
}  // namespace weerbaar
