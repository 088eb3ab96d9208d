#include "crypto/scrubber.h"

#include <gtest/gtest.h>

#include <random>

#include "crypto/scrubber_cases.h"
#include "crypto/utf8_text.h"

namespace weerbaar::crypto {
namespace {

std::string ScrubText(std::string_view text, std::vector<std::string> names = {}) {
  auto r = Scrub(text, ScrubPolicy{std::move(names)});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->text : std::string();
}

void ExpectTable(const scrub_cases::Table& table) {
  for (const scrub_cases::Case& c : table.cases) {
    EXPECT_EQ(ScrubText(c.input, table.names), c.expected) << c.input;
  }
}

TEST(ScrubberTest, ReplacesDutchPhoneNumbersInEveryCommonNotation) {
  ExpectTable(scrub_cases::kPhoneNumbers);
}

TEST(ScrubberTest, LeavesNumbersThatAreNotPhoneNumbers) {
  ExpectTable(scrub_cases::kNotPhoneNumbers);
}

TEST(ScrubberTest, ReplacesEmailAddresses) { ExpectTable(scrub_cases::kEmailAddresses); }

TEST(ScrubberTest, LeavesTextThatOnlyLooksLikeAnEmailAddress) {
  ExpectTable(scrub_cases::kNotEmailAddresses);
}

TEST(ScrubberTest, ReplacesLicencePlatesOfEverySidecode) {
  ExpectTable(scrub_cases::kLicencePlates);
}

TEST(ScrubberTest, ReplacesLicencePlatesWithoutDashesOnlyInUpperCase) {
  ExpectTable(scrub_cases::kUndashedLicencePlates);
}

TEST(ScrubberTest, LeavesWordsThatAreNotLicencePlates) {
  ExpectTable(scrub_cases::kNotLicencePlates);
}

TEST(ScrubberTest, ReplacesAPostcodeWithAHouseNumber) { ExpectTable(scrub_cases::kAddresses); }

TEST(ScrubberTest, LeavesHouseNumbersPostcodesAndYearsAlone) {
  ExpectTable(scrub_cases::kNotAddresses);
}

TEST(ScrubberTest, ReplacesIbansOnlyWhenTheChecksumHolds) { ExpectTable(scrub_cases::kIbans); }

TEST(ScrubberTest, ReplacesBsnsThatPassTheElfproef) { ExpectTable(scrub_cases::kBsns); }

TEST(ScrubberTest, LeavesNineDigitNumbersThatFailTheElfproefOrAreAmounts) {
  ExpectTable(scrub_cases::kNotBsns);
}

TEST(ScrubberTest, ReplacesPolicyNamesCaselessAndWithoutAccents) {
  ExpectTable(scrub_cases::kNames);
}

TEST(ScrubberTest, MatchesNamesAsWholeWordsAndPrefersTheLongestName) {
  ExpectTable(scrub_cases::kWholeWordNames);
}

TEST(ScrubberTest, CountsEachKind) {
  auto r = Scrub("Jan (06-12345678, jan@x.nl) parkeert AB-12-CD bij 1234 AB 12; 123456782",
                 ScrubPolicy{{"Jan"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "[naam] ([telefoon], [e-mail]) parkeert [kenteken] bij [adres]; [bsn]");
  EXPECT_EQ(r->count(PiiKind::kName), 1);
  EXPECT_EQ(r->count(PiiKind::kPhone), 1);
  EXPECT_EQ(r->count(PiiKind::kEmail), 1);
  EXPECT_EQ(r->count(PiiKind::kLicencePlate), 1);
  EXPECT_EQ(r->count(PiiKind::kAddress), 1);
  EXPECT_EQ(r->count(PiiKind::kBsn), 1);
  EXPECT_EQ(r->count(PiiKind::kIban), 0);
  EXPECT_EQ(r->total(), 6);
}

// Ordinary sentences from neighbourhood reports: nothing here is personal data.
TEST(ScrubberTest, LeavesOrdinarySentencesUntouched) {
  for (std::string_view sentence : scrub_cases::kOrdinarySentences) {
    auto r = Scrub(sentence, ScrubPolicy{{"Pietersen"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->text, sentence);
    EXPECT_EQ(r->total(), 0) << sentence;
  }
}

TEST(ScrubberTest, RefusesInputBeyondTheBoundAndOversizedPolicies) {
  EXPECT_TRUE(Scrub(std::string(kMaxScrubInputBytes, 'a'), {}).ok());
  EXPECT_EQ(Scrub(std::string(kMaxScrubInputBytes + 1, 'a'), {}).status().code(),
            Code::kInvalidArgument);
  ScrubPolicy many{std::vector<std::string>(kMaxScrubNames + 1, "Jan")};
  EXPECT_EQ(Scrub("x", many).status().code(), Code::kInvalidArgument);
  ScrubPolicy long_name{{std::string(kMaxScrubNameBytes + 1, 'a')}};
  EXPECT_EQ(Scrub("x", long_name).status().code(), Code::kInvalidArgument);
  ScrubPolicy blank{{"", "   "}};
  EXPECT_EQ(ScrubText("  ", blank.names), "  ");
}

// Inputs built to make a backtracking matcher slow: the hand-written scanner finishes
// them in one pass each (a regex engine would recurse on several of these).
TEST(ScrubberTest, HandlesHostileInputAtTheSizeBound) {
  for (std::string_view unit : {"0", "06-", "a@", "a.", "NL91 ", "1 ", "+31 ", "1234 AB ", "AB-",
                                "\xCC\x88", "\xFF", "(0", "123.", "x"}) {
    std::string text;
    while (text.size() + unit.size() <= kMaxScrubInputBytes) text.append(unit);
    auto r = Scrub(text, ScrubPolicy{{"a a a a a a a a", "ab"}});
    ASSERT_TRUE(r.ok()) << unit;
    EXPECT_GE(r->text.size(), 1u);
  }
}

TEST(ScrubberTest, SurvivesRandomBytes) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 3000; ++round) {
    std::string text(rng() % 300, '\0');
    for (char& c : text) c = static_cast<char>(rng());
    auto r = Scrub(text, ScrubPolicy{{"Jan", "van der Berg"}});
    ASSERT_TRUE(r.ok());
  }
}

// Random text from pieces that the patterns care about: the output stays valid UTF-8 and
// every replacement is counted.
TEST(ScrubberTest, KeepsValidUtf8ValidAndCountsEveryMarker) {
  const std::vector<std::string_view> pieces = {
      "0",   "6",  "12",    "345",    "-",         " ",        "+31",  "@", ".", "nl",   "AB", "ab",
      "é",   "Ö",  "€",     "ß",      "\xCC\x88",  "1234",     "NL91", ",", ":", "(",    ")",  "x",
      "Jan", "de", "Vries", "\u00A0", "123456782", "jan@x.nl", "😀",    "ĳ", "/", "0031", "\n"};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int n = rng() % 40; n > 0; --n) text.append(pieces[rng() % pieces.size()]);
    ASSERT_TRUE(IsValidUtf8(text));
    auto r = Scrub(text, ScrubPolicy{{"Jan de Vries", "Ö"}});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(IsValidUtf8(r->text)) << text;
    int markers = 0;
    for (size_t k = 0; k < kPiiKindCount; ++k) {
      std::string_view marker = PiiMarker(static_cast<PiiKind>(k));
      for (size_t at = r->text.find(marker); at != std::string::npos;
           at = r->text.find(marker, at + 1)) {
        ++markers;
      }
    }
    EXPECT_EQ(markers, r->total()) << text;
  }
}

}  // namespace
}  // namespace weerbaar::crypto
