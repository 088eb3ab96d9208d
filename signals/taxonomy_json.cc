// The taxonomy's JSON form, read and written with Boost.JSON (header-only; the library
// itself is compiled in json_impl.cc). Only the non-throwing API is used: malformed input
// becomes a Status, never an exception.
#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>

#include "signals/taxonomy.h"

namespace weerbaar::signals {
namespace {

namespace json = boost::json;

constexpr std::string_view kFormat = "weerbaar-taxonomy/v1";
constexpr std::string_view kOverridesFormat = "weerbaar-taxonomy-overrides/v1";

bool OnlyKeys(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) return false;
  }
  return true;
}

Result<std::string> GetString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    return InvalidArgument("taxonomy json: missing or non-string " + std::string(key));
  }
  return std::string(v->get_string());
}

Result<std::vector<std::string>> GetKeywords(const json::object& o) {
  const json::value* v = o.if_contains("keywords");
  if (v == nullptr || !v->is_array()) return InvalidArgument("taxonomy json: bad keywords");
  std::vector<std::string> out;
  for (const json::value& k : v->get_array()) {
    if (!k.is_string()) return InvalidArgument("taxonomy json: bad keyword");
    out.emplace_back(k.get_string());
  }
  return out;
}

Result<Category> ParseCategory(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr ||
      !OnlyKeys(*o, {"id", "label_nl", "label_en", "describes_person", "keywords"})) {
    return InvalidArgument("taxonomy json: bad category object");
  }
  Category c;
  WB_ASSIGN_OR_RETURN(c.id, GetString(*o, "id"));
  WB_ASSIGN_OR_RETURN(c.label_nl, GetString(*o, "label_nl"));
  WB_ASSIGN_OR_RETURN(c.label_en, GetString(*o, "label_en"));
  const json::value* person = o->if_contains("describes_person");
  if (person == nullptr || !person->is_bool()) {
    return InvalidArgument("taxonomy json: missing or non-boolean describes_person");
  }
  c.describes_person = person->get_bool();
  WB_ASSIGN_OR_RETURN(c.keywords, GetKeywords(*o));
  return c;
}

json::value CategoryToJson(const Category& c) {
  json::array keywords;
  for (const std::string& k : c.keywords) keywords.emplace_back(k);
  return json::object{{"id", c.id},
                      {"label_nl", c.label_nl},
                      {"label_en", c.label_en},
                      {"describes_person", c.describes_person},
                      {"keywords", std::move(keywords)}};
}

// The root object of `text` if it parses, has only `keys` and the `format`.
Result<json::value> ParseRoot(std::string_view text, std::string_view format,
                              std::initializer_list<std::string_view> keys) {
  if (text.size() > kMaxTaxonomyJsonBytes) return InvalidArgument("taxonomy json: too large");
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  const json::object* o = ec ? nullptr : root.if_object();
  if (o == nullptr || !OnlyKeys(*o, keys)) return InvalidArgument("taxonomy json: bad object");
  WB_ASSIGN_OR_RETURN(std::string got, GetString(*o, "format"));
  if (got != format) return InvalidArgument("taxonomy json: unknown format");
  return root;
}

Result<std::vector<Category>> GetCategories(const json::object& o, std::string_view key) {
  const json::value* list = o.if_contains(key);
  if (list == nullptr || !list->is_array() || list->get_array().size() > kMaxCategories) {
    return InvalidArgument("taxonomy json: bad categories");
  }
  std::vector<Category> categories;
  for (const json::value& v : list->get_array()) {
    WB_ASSIGN_OR_RETURN(Category c, ParseCategory(v));
    categories.push_back(std::move(c));
  }
  return categories;
}

}  // namespace

Result<TaxonomyOverrides> ParseTaxonomyOverrides(std::string_view text) {
  WB_ASSIGN_OR_RETURN(json::value root,
                      ParseRoot(text, kOverridesFormat, {"format", "upsert", "remove"}));
  TaxonomyOverrides out;
  WB_ASSIGN_OR_RETURN(out.upsert, GetCategories(root.get_object(), "upsert"));
  const json::value* remove = root.get_object().if_contains("remove");
  if (remove == nullptr || !remove->is_array() || remove->get_array().size() > kMaxCategories)
    return InvalidArgument("taxonomy json: bad remove list");
  for (const json::value& id : remove->get_array()) {
    if (!id.is_string()) return InvalidArgument("taxonomy json: bad remove id");
    out.remove.emplace_back(id.get_string());
  }
  return out;
}

std::string TaxonomyOverridesToJson(const TaxonomyOverrides& overrides) {
  json::array upsert, remove;
  for (const Category& c : overrides.upsert) upsert.push_back(CategoryToJson(c));
  for (const std::string& id : overrides.remove) remove.emplace_back(id);
  return json::serialize(json::object{
      {"format", kOverridesFormat}, {"upsert", std::move(upsert)}, {"remove", std::move(remove)}});
}

Result<Taxonomy> Taxonomy::FromJson(std::string_view text) {
  WB_ASSIGN_OR_RETURN(json::value root, ParseRoot(text, kFormat, {"format", "categories"}));
  WB_ASSIGN_OR_RETURN(std::vector<Category> categories,
                      GetCategories(root.get_object(), "categories"));
  return Create(std::move(categories));
}

std::string Taxonomy::ToJson() const {
  json::array list;
  for (const Category& c : categories_) list.push_back(CategoryToJson(c));
  return json::serialize(json::object{{"format", kFormat}, {"categories", std::move(list)}});
}

}  // namespace weerbaar::signals
