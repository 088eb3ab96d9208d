#include "crypto/utf8_text.h"

#include <gtest/gtest.h>

#include "common/bytes.h"

namespace weerbaar::crypto {
namespace {

TEST(Utf8TextTest, DecodesWellFormedSequencesOfEveryLength) {
  std::string s = "a\u00E9\u20AC\U0001F600";
  CodePoint a = DecodeUtf8At(s, 0), e = DecodeUtf8At(s, 1), euro = DecodeUtf8At(s, 3),
            smile = DecodeUtf8At(s, 6);
  EXPECT_EQ(a.value, 'a');
  EXPECT_EQ(e.value, 0xE9u);
  EXPECT_EQ(e.length, 2u);
  EXPECT_EQ(euro.value, 0x20ACu);
  EXPECT_EQ(euro.length, 3u);
  EXPECT_EQ(smile.value, 0x1F600u);
  EXPECT_EQ(smile.length, 4u);
  EXPECT_EQ(DecodeUtf8Before(s, 6).value, 0x20ACu);
  EXPECT_TRUE(IsValidUtf8(s));
}

TEST(Utf8TextTest, TreatsMalformedSequencesAsSingleInvalidBytes) {
  for (std::string_view bad : {"\x80", "\xC0\xAF", "\xC3", "\xE0\x80\x80", "\xED\xA0\x80",
                               "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xE2\x82"}) {
    CodePoint cp = DecodeUtf8At(bad, 0);
    EXPECT_FALSE(cp.valid) << HexEncode(AsBytes(bad));
    EXPECT_EQ(cp.length, 1u);
    EXPECT_FALSE(IsValidUtf8(bad));
  }
  EXPECT_FALSE(DecodeUtf8Before("a\x80", 2).valid);
}

TEST(Utf8TextTest, FoldsCaseAndDiacriticsOfLatinLetters) {
  EXPECT_EQ(FoldText("ÀÉÎÕÜ çñ ÿ Ÿ"), "aeiou cn y y");
  EXPECT_EQ(FoldText("Straße Æsop Œuvre ĲSSEL Þor"), "strasse aesop oeuvre ijssel thor");
  EXPECT_EQ(FoldText("Łódź Øst Đakovo Ħal ı ĸ ſ"), "lodz ost dakovo hal i k s");
  EXPECT_EQ(FoldText("d’Hondt ʼs"), "d'hondt 's");
  EXPECT_EQ(FoldText("Mu\u0308ller"), "muller");
  EXPECT_EQ(FoldText("× ÷ € Ωmega"), "× ÷ € Ωmega");  // not letters, or not Latin
  EXPECT_EQ(FoldText("a\xFF"), "a\uFFFD");
}

TEST(Utf8TextTest, ClassifiesWordAndSpaceCodePoints) {
  for (uint32_t cp : {uint32_t{'a'}, uint32_t{'Z'}, uint32_t{'7'}, 0xE9u, 0x133u, 0x308u, 0x3A9u}) {
    EXPECT_TRUE(IsWordCodePoint(cp)) << cp;
  }
  for (uint32_t cp : {uint32_t{' '}, uint32_t{'-'}, uint32_t{'\''}, 0xA0u, 0xD7u, 0x20ACu, 0x2019u,
                      0x1F600u, 0xFFFDu}) {
    EXPECT_FALSE(IsWordCodePoint(cp)) << cp;
  }
  for (uint32_t cp : {uint32_t{' '}, uint32_t{'\n'}, 0xA0u, 0x2009u, 0x3000u}) {
    EXPECT_TRUE(IsSpaceCodePoint(cp)) << cp;
  }
  EXPECT_FALSE(IsSpaceCodePoint('x'));
}

}  // namespace
}  // namespace weerbaar::crypto
