#include "signals/taxonomy.h"

#include <gtest/gtest.h>

namespace weerbaar::signals {
namespace {

Category Cat(std::string id, bool person = false, std::vector<std::string> keywords = {"x"}) {
  return {id, "NL " + id, "EN " + id, person, std::move(keywords)};
}

TEST(TaxonomyTest, TheDefaultHasTheNeighbourhoodCategoriesAndOnePersonCategory) {
  Taxonomy t = Taxonomy::Default().value();
  for (const char* id :
       {"zwerfafval", "overlast", "verdachte-situatie", "verdacht-persoon", "inbraak",
        "fietsendiefstal", "straatverlichting", "verkeersonveilig", "overig"}) {
    ASSERT_NE(t.Find(id), nullptr) << id;
  }
  EXPECT_EQ(t.Find("verdacht-persoon")->label_en, "Suspicious person");
  for (const Category& c : t.categories()) {
    EXPECT_EQ(c.describes_person, c.id == "verdacht-persoon") << c.id;
    EXPECT_EQ(PhotoAllowedInGroup(c), !c.describes_person) << c.id;
  }
  EXPECT_EQ(t.Find("nonexistent"), nullptr);
}

TEST(TaxonomyTest, JsonRoundTrips) {
  Taxonomy t = Taxonomy::Default().value();
  Taxonomy again = Taxonomy::FromJson(t.ToJson()).value();
  ASSERT_EQ(again.categories().size(), t.categories().size());
  for (size_t i = 0; i < t.categories().size(); ++i) {
    const Category &a = t.categories()[i], &b = again.categories()[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.label_nl, b.label_nl);
    EXPECT_EQ(a.label_en, b.label_en);
    EXPECT_EQ(a.describes_person, b.describes_person);
    EXPECT_EQ(a.keywords, b.keywords);
  }
}

TEST(TaxonomyTest, CreateRefusesMalformedCategories) {
  struct Case {
    const char* name;
    std::vector<Category> categories;
  };
  Category empty_label = Cat("a");
  empty_label.label_nl.clear();
  Category long_label = Cat("a");
  long_label.label_en = std::string(kMaxLabelBytes + 1, 'x');
  const std::vector<Case> cases = {
      {"no categories", {}},
      {"upper-case id", {Cat("Afval")}},
      {"empty id", {Cat("")}},
      {"id with a space", {Cat("a b")}},
      {"long id", {Cat(std::string(kMaxCategoryIdBytes + 1, 'a'))}},
      {"repeated id", {Cat("a"), Cat("a")}},
      {"empty label", {empty_label}},
      {"long label", {long_label}},
      {"upper-case keyword", {Cat("a", false, {"Afval"})}},
      {"accented keyword", {Cat("a", false, {"cafe\xC3\xA9"})}},
      {"double space", {Cat("a", false, {"a  b"})}},
      {"lone star", {Cat("a", false, {"*"})}},
      {"inner star", {Cat("a", false, {"a*b"})}},
      {"trailing space", {Cat("a", false, {"ab "})}},
      {"long keyword", {Cat("a", false, {std::string(kMaxKeywordBytes + 1, 'a')})}},
      {"too many keywords", {Cat("a", false, std::vector<std::string>(65, "a"))}},
      {"too many categories", std::vector<Category>(65, Cat("a"))},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Taxonomy::Create(c.categories).status().code(), Code::kInvalidArgument) << c.name;
  }
  EXPECT_TRUE(Taxonomy::Create({Cat("a-1", false, {"*fiets", "fiets*", "*fiets*", "a b*"})}).ok());
}

TEST(TaxonomyTest, FromJsonRefusesMalformedDocuments) {
  const std::string category =
      R"({"id":"a","label_nl":"A","label_en":"A","describes_person":false,"keywords":[]})";
  auto doc = [](const std::string& categories) {
    return R"({"format":"weerbaar-taxonomy/v1","categories":[)" + categories + "]}";
  };
  EXPECT_TRUE(Taxonomy::FromJson(doc(category)).ok());
  const std::vector<std::string> bad = {
      "",
      "{",
      "[]",
      "null",
      R"({"format":"weerbaar-taxonomy/v2","categories":[]})",
      R"({"format":"weerbaar-taxonomy/v1","categories":{}})",
      R"({"format":"weerbaar-taxonomy/v1","categories":[],"extra":1})",
      doc("[]"),
      doc("1"),
      doc(R"({"id":"a","label_nl":"A","label_en":"A","describes_person":"no","keywords":[]})"),
      doc(R"({"id":"a","label_nl":"A","label_en":"A","describes_person":false,"keywords":[1]})"),
      doc(R"({"id":"a","label_nl":"A","label_en":"A","describes_person":false})"),
      doc(R"({"id":7,"label_nl":"A","label_en":"A","describes_person":false,"keywords":[]})"),
      doc(R"({"id":"a","label_nl":"A","label_en":"A","describes_person":false,"keywords":[],"x":1})"),
      std::string(100000, '[') + std::string(100000, ']'),
      std::string(kMaxTaxonomyJsonBytes + 1, ' '),
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(Taxonomy::FromJson(text).status().code(), Code::kInvalidArgument)
        << text.substr(0, 80);
  }
}

TEST(TaxonomyTest, OverridesReplaceAddAndRemoveCategories) {
  Taxonomy base = Taxonomy::Create({Cat("a"), Cat("b"), Cat("p", true)}).value();
  TaxonomyOverrides o;
  o.remove = {"a"};
  o.upsert = {Cat("b", false, {"nieuw"}), Cat("c")};
  Taxonomy t = ApplyOverrides(base, o).value();
  ASSERT_EQ(t.categories().size(), 3u);
  EXPECT_EQ(t.Find("a"), nullptr);
  EXPECT_EQ(t.Find("b")->keywords, std::vector<std::string>{"nieuw"});
  EXPECT_NE(t.Find("c"), nullptr);
  // A new category may describe a person; an admin may add that restriction anywhere.
  o.upsert.push_back(Cat("b", true));
  EXPECT_TRUE(ApplyOverrides(base, o).value().Find("b")->describes_person);
}

TEST(TaxonomyTest, OverridesCannotSwitchOffTheHouseRule) {
  Taxonomy base = Taxonomy::Default().value();
  TaxonomyOverrides relabel;
  relabel.upsert = {Cat("verdacht-persoon", false)};
  EXPECT_EQ(ApplyOverrides(base, relabel).status().code(), Code::kFailedPrecondition);
  TaxonomyOverrides remove;
  remove.remove = {"verdacht-persoon"};
  EXPECT_EQ(ApplyOverrides(base, remove).status().code(), Code::kFailedPrecondition);
  TaxonomyOverrides unknown;
  unknown.remove = {"nonexistent"};
  EXPECT_EQ(ApplyOverrides(base, unknown).status().code(), Code::kNotFound);
  TaxonomyOverrides invalid;
  invalid.upsert = {Cat("Bad Id")};
  EXPECT_EQ(ApplyOverrides(base, invalid).status().code(), Code::kInvalidArgument);
}

TEST(TaxonomyTest, OverridesRoundTripThroughTheirJsonForm) {
  TaxonomyOverrides o;
  o.remove = {"hondenpoep"};
  o.upsert = {Cat("speeltuin", false, {"speeltuin*", "schommel"})};
  const std::string json = TaxonomyOverridesToJson(o);
  TaxonomyOverrides back = ParseTaxonomyOverrides(json).value();
  EXPECT_EQ(back.remove, o.remove);
  ASSERT_EQ(back.upsert.size(), 1u);
  EXPECT_EQ(back.upsert[0].id, "speeltuin");
  EXPECT_EQ(back.upsert[0].keywords, o.upsert[0].keywords);
  EXPECT_EQ(TaxonomyOverridesToJson(back), json);
  Taxonomy t = ApplyOverrides(Taxonomy::Default().value(), back).value();
  EXPECT_NE(t.Find("speeltuin"), nullptr);
  EXPECT_EQ(t.Find("hondenpoep"), nullptr);
}

TEST(TaxonomyTest, MalformedOverridesAreRefused) {
  const std::string ok = R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],"remove":[]})";
  ASSERT_TRUE(ParseTaxonomyOverrides(ok).ok());
  for (const std::string& bad : {
           std::string("{}"),
           std::string(R"({"format":"weerbaar-taxonomy/v1","upsert":[],"remove":[]})"),
           std::string(R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[]})"),
           std::string(R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],"remove":[1]})"),
           std::string(R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[{}],"remove":[]})"),
           std::string(
               R"({"format":"weerbaar-taxonomy-overrides/v1","upsert":[],"remove":[],"x":1})"),
           std::string("not json"),
           std::string(kMaxTaxonomyJsonBytes + 1, ' '),
       })
    EXPECT_EQ(ParseTaxonomyOverrides(bad).status().code(), Code::kInvalidArgument)
        << bad.substr(0, 80);
}

}  // namespace
}  // namespace weerbaar::signals
