#include "signals/classifier.h"

#include <gtest/gtest.h>

namespace weerbaar::signals {
namespace {

class ClassifierTest : public ::testing::Test {
 protected:
  std::string Top(std::string_view text) {
    auto s = SuggestCategories(text, taxonomy_);
    return s.empty() ? "" : s[0].category_id;
  }
  Taxonomy taxonomy_ = Taxonomy::Default().value();
};

TEST_F(ClassifierTest, SuggestsTheExpectedCategoryForDutchReports) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"Overal blikjes en peuken langs het fietspad, de prullenbak zit vol.", "zwerfafval"},
      {"Er ligt veel rommel en troep op het plein.", "zwerfafval"},
      {"Iemand heeft een bankstel en vuilniszakken naast de container gedumpt.", "afvaldumping"},
      {"Weer een matras en een oude koelkast bij de flat.", "afvaldumping"},
      {"Elke avond harde muziek en geschreeuw bij de hangplek.", "overlast"},
      {"Geluidsoverlast van een feest tot 3 uur 's nachts.", "overlast"},
      {"Een onbekende auto rijdt al een uur rondjes door de wijk.", "verdachte-situatie"},
      {"Verdacht busje staat al uren met draaiende motor voor de school.", "verdachte-situatie"},
      {"Verdachte man met capuchon keek bij alle voordeuren naar binnen.", "verdacht-persoon"},
      {"Twee jongens in zwarte jassen, een droeg een bivakmuts.", "verdacht-persoon"},
      {"Bij de buren is ingebroken, de achterdeur is opengebroken.", "inbraak"},
      {"Poging tot woninginbraak, het slot van de deur is geforceerd.", "inbraak"},
      {"Mijn fiets is gestolen bij het station, slot doorgeknipt.", "fietsendiefstal"},
      {"Alweer een bakfiets gejat uit de stalling.", "fietsendiefstal"},
      {"De lantaarnpaal op de hoek brandt niet, het is er erg donker.", "straatverlichting"},
      {"Straatlamp flikkert al weken.", "straatverlichting"},
      {"Auto's rijden veel te hard bij het zebrapad, gevaarlijk voor kinderen.",
       "verkeersonveilig"},
      {"Onoverzichtelijk kruispunt, vanochtend werd een fietser bijna aangereden.",
       "verkeersonveilig"},
      {"Losse stoeptegels voor nummer 12, mijn moeder is erover gestruikeld.", "bestrating"},
      {"Groot gat in de weg bij de bushalte.", "bestrating"},
      {"Het bushokje is vernield en de muur is beklad met graffiti.", "vandalisme"},
      {"Er wordt gedeald bij het speeltuintje, overal lachgas ballonnen.", "drugsoverlast"},
      {"Busje staat al dagen dubbel geparkeerd en blokkeert de uitrit.", "parkeeroverlast"},
      {"Auto staat elke dag op de stoep geparkeerd.", "parkeeroverlast"},
      {"Overal hondenpoep op het grasveld waar kinderen spelen.", "hondenpoep"},
  };
  for (const Case& c : cases) EXPECT_EQ(Top(c.text), c.expected) << c.text;
}

TEST_F(ClassifierTest, SuggestsTheExpectedCategoryForEnglishReports) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"Litter and cans everywhere, the bins are overflowing.", "zwerfafval"},
      {"Someone dumped a mattress and a sofa next to the recycling point.", "afvaldumping"},
      {"Loud music and shouting every night.", "overlast"},
      {"A strange van is circling the block, someone checking door handles.", "verdachte-situatie"},
      {"Suspicious man in a dark hoodie wearing gloves.", "verdacht-persoon"},
      {"Our neighbours had a burglary, the back door was forced.", "inbraak"},
      {"My bike was stolen from the rack, lock cut.", "fietsendiefstal"},
      {"The street light outside number 4 is out, the road is dark.", "straatverlichting"},
      {"Cars speeding through the crossing, dangerous for children.", "verkeersonveilig"},
      {"Big pothole in the pavement.", "bestrating"},
      {"Bus shelter smashed and spray paint on the wall.", "vandalisme"},
      {"Drug dealing near the playground, needles in the grass.", "drugsoverlast"},
      {"Van double parked, blocking my driveway.", "parkeeroverlast"},
      {"Dog poo all over the footpath.", "hondenpoep"},
  };
  for (const Case& c : cases) EXPECT_EQ(Top(c.text), c.expected) << c.text;
}

TEST_F(ClassifierTest, TokensAreFoldedWordRuns) {
  EXPECT_EQ(ClassifierTokens("Mijn FIETS is ge-stolen!"),
            (std::vector<std::string>{"mijn", "fiets", "is", "ge", "stolen"}));
  EXPECT_EQ(ClassifierTokens("Café's  Überfall\u00A0naïef"),
            (std::vector<std::string>{"cafe", "s", "uberfall", "naief"}));
  EXPECT_TRUE(ClassifierTokens(" ,.!? ").empty());
}

TEST_F(ClassifierTest, ScoresEachKeywordOnceWeightedByItsWords) {
  Taxonomy t = Taxonomy::Create({{"a", "A", "A", false, {"fiets", "*lamp", "gat in de weg"}},
                                 {"b", "B", "B", false, {"lamp*", "*ank*"}}})
                   .value();
  auto s = SuggestCategories("fiets fiets fiets straatlamp", t);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].category_id, "a");
  EXPECT_EQ(s[0].score, 2);
  s = SuggestCategories("een gat in de weg", t);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].score, 4);
  s = SuggestCategories("lampenkap en bankstel", t);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].category_id, "b");
  EXPECT_EQ(s[0].score, 2);
  EXPECT_TRUE(SuggestCategories("gat in de", t).empty());
}

TEST_F(ClassifierTest, BreaksTiesByTaxonomyOrderAndLimitsTheResults) {
  Taxonomy t = Taxonomy::Create({{"first", "F", "F", false, {"x"}},
                                 {"second", "S", "S", false, {"x"}},
                                 {"third", "T", "T", false, {"x", "y"}}})
                   .value();
  auto s = SuggestCategories("x y", t, 2);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].category_id, "third");
  EXPECT_EQ(s[1].category_id, "first");
  EXPECT_TRUE(SuggestCategories("", t).empty());
  EXPECT_TRUE(SuggestCategories("niets bijzonders", taxonomy_).empty());
}

}  // namespace
}  // namespace weerbaar::signals
