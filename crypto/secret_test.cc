#include "crypto/secret.h"

#include <gtest/gtest.h>

#include <utility>

namespace weerbaar::crypto {
namespace {

TEST(SecretBytesTest, StartsZeroFilled) {
  SecretBytes s(32);
  ASSERT_EQ(s.size(), 32u);
  for (size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.data()[i], 0) << i;
}

TEST(SecretBytesTest, DefaultIsEmpty) {
  SecretBytes s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.data(), nullptr);
}

TEST(SecretBytesTest, CopiesTheGivenBytesAndClonesIndependently) {
  Bytes raw = {1, 2, 3, 4};
  SecretBytes s(raw);
  SecretBytes c = s.Clone();
  c.data()[0] = 9;
  EXPECT_EQ(Bytes(s.view().begin(), s.view().end()), raw);
  EXPECT_EQ(c.data()[0], 9);
  EXPECT_NE(c.data(), s.data());
}

TEST(SecretBytesTest, MoveConstructionLeavesTheSourceEmpty) {
  SecretBytes a(Bytes{7, 7, 7});
  const uint8_t* buffer = a.data();
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.data(), buffer);
  EXPECT_EQ(b.size(), 3u);
}

TEST(SecretBytesTest, MoveAssignmentReplacesTheContents) {
  SecretBytes a(Bytes{1, 2});
  SecretBytes b(Bytes{3, 4, 5});
  b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.data()[1], 2);
}

}  // namespace
}  // namespace weerbaar::crypto
