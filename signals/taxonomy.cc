#include "signals/taxonomy.h"

#include <algorithm>
#include <set>

namespace weerbaar::signals {
namespace internal {
// Generated from signals/taxonomy_default.json (see signals/CMakeLists.txt).
extern const std::string_view kDefaultTaxonomyJson;
}  // namespace internal

namespace {

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsKeywordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool ValidId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxCategoryIdBytes &&
         std::all_of(id.begin(), id.end(), IsIdChar);
}

bool ValidLabel(std::string_view label) { return !label.empty() && label.size() <= kMaxLabelBytes; }

// One word: [a-z0-9]+ with an optional '*' at either end.
bool ValidKeywordWord(std::string_view word) {
  if (!word.empty() && word.front() == '*') word.remove_prefix(1);
  if (!word.empty() && word.back() == '*') word.remove_suffix(1);
  return !word.empty() && std::all_of(word.begin(), word.end(), IsKeywordChar);
}

bool ValidKeyword(std::string_view keyword) {
  if (keyword.empty() || keyword.size() > kMaxKeywordBytes) return false;
  size_t start = 0;
  while (true) {
    size_t space = keyword.find(' ', start);
    if (!ValidKeywordWord(keyword.substr(start, space - start))) return false;
    if (space == std::string_view::npos) return true;
    start = space + 1;
  }
}

Status ValidateCategory(const Category& c) {
  if (!ValidId(c.id)) return InvalidArgument("taxonomy: bad category id");
  if (!ValidLabel(c.label_nl) || !ValidLabel(c.label_en)) {
    return InvalidArgument("taxonomy: bad label for " + c.id);
  }
  if (c.keywords.size() > kMaxKeywordsPerCategory) {
    return InvalidArgument("taxonomy: too many keywords for " + c.id);
  }
  for (const std::string& k : c.keywords) {
    if (!ValidKeyword(k)) return InvalidArgument("taxonomy: bad keyword for " + c.id);
  }
  return Status::Ok();
}

// The house rule may not be weakened: every category of `base` that describes a person
// must still exist and still describe a person.
Status KeepsPersonCategories(const Taxonomy& base, const std::vector<Category>& result) {
  for (const Category& c : base.categories()) {
    if (!c.describes_person) continue;
    auto it =
        std::find_if(result.begin(), result.end(), [&](const Category& r) { return r.id == c.id; });
    if (it == result.end() || !it->describes_person) {
      return FailedPrecondition("taxonomy: " + c.id + " describes a person and must stay so");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Taxonomy> Taxonomy::Create(std::vector<Category> categories) {
  if (categories.empty() || categories.size() > kMaxCategories) {
    return InvalidArgument("taxonomy: needs 1 to 64 categories");
  }
  std::set<std::string> ids;
  for (const Category& c : categories) {
    WB_RETURN_IF_ERROR(ValidateCategory(c));
    if (!ids.insert(c.id).second) return InvalidArgument("taxonomy: repeated id " + c.id);
  }
  return Taxonomy(std::move(categories));
}

Result<Taxonomy> Taxonomy::Default() { return FromJson(internal::kDefaultTaxonomyJson); }

const Category* Taxonomy::Find(std::string_view id) const {
  for (const Category& c : categories_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<Taxonomy> ApplyOverrides(const Taxonomy& base, const TaxonomyOverrides& overrides) {
  std::vector<Category> result = base.categories();
  for (const std::string& id : overrides.remove) {
    auto it =
        std::find_if(result.begin(), result.end(), [&](const Category& c) { return c.id == id; });
    if (it == result.end()) return NotFound("taxonomy: no category to remove");
    result.erase(it);
  }
  for (const Category& c : overrides.upsert) {
    auto it =
        std::find_if(result.begin(), result.end(), [&](const Category& r) { return r.id == c.id; });
    if (it == result.end()) {
      result.push_back(c);
    } else {
      *it = c;
    }
  }
  WB_RETURN_IF_ERROR(KeepsPersonCategories(base, result));
  return Taxonomy::Create(std::move(result));
}

}  // namespace weerbaar::signals
