#include "storage/keys.h"

#include <gtest/gtest.h>

#include <string>

namespace weerbaar::storage::keys {
namespace {

TEST(KeysTest, ReadsBackTheIdsAndSeqItWasMadeOf) {
  const std::string key = IdsSeq({"group", std::string(255, 'x')}, 42);
  Reader reader(key);
  std::string_view a, b;
  uint64_t seq = 0;
  ASSERT_TRUE(reader.Id(&a));
  ASSERT_TRUE(reader.Id(&b));
  ASSERT_TRUE(reader.Seq(&seq));
  EXPECT_EQ(a, "group");
  EXPECT_EQ(b, std::string(255, 'x'));
  EXPECT_EQ(seq, 42u);
  EXPECT_TRUE(reader.done());
}

TEST(KeysTest, TheKeyOfOneIdIsNeverAPrefixOfAnother) {
  const std::string short_id = Ids({"ab"});
  const std::string long_key = IdsSeq({"abc"}, 1);
  EXPECT_FALSE(std::string_view(long_key).starts_with(short_id));
}

TEST(KeysTest, SequenceNumbersSortNumerically) {
  EXPECT_LT(IdsSeq({"g"}, 255), IdsSeq({"g"}, 256));
  EXPECT_LT(IdsSeq({"g"}, 1), IdsSeq({"g"}, uint64_t{1} << 40));
}

TEST(KeysTest, ReaderRefusesTruncatedKeys) {
  std::string key = Ids({"group"});
  key.pop_back();
  std::string_view id;
  uint64_t seq = 0;
  Reader truncated(key);
  EXPECT_FALSE(truncated.Id(&id));
  Reader short_seq(std::string_view("\x01g\x00\x01", 4));
  ASSERT_TRUE(short_seq.Id(&id));
  EXPECT_FALSE(short_seq.Seq(&seq));
  Reader zero_length(std::string_view("\x00", 1));
  EXPECT_FALSE(zero_length.Id(&id));
}

TEST(KeysTest, ValidIdsAreOneTo255Bytes) {
  EXPECT_FALSE(ValidId(""));
  EXPECT_TRUE(ValidId("a"));
  EXPECT_TRUE(ValidId(std::string(255, 'a')));
  EXPECT_FALSE(ValidId(std::string(256, 'a')));
}

}  // namespace
}  // namespace weerbaar::storage::keys
