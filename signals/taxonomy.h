// The category taxonomy of signal reports: a fixed list of categories, each with Dutch and
// English labels, the house-rule flag `describes_person` and classifier keywords.
//
// The default lives in signals/taxonomy_default.json (compiled in; the web client loads
// the same file). An admin changes it with TaxonomyOverrides; the server persists the
// overrides and rebuilds the taxonomy with ApplyOverrides. No personal data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace weerbaar::signals {

inline constexpr size_t kMaxCategories = 64;
inline constexpr size_t kMaxKeywordsPerCategory = 64;
inline constexpr size_t kMaxCategoryIdBytes = 40;
inline constexpr size_t kMaxLabelBytes = 80;
inline constexpr size_t kMaxKeywordBytes = 40;
inline constexpr size_t kMaxTaxonomyJsonBytes = 256 * 1024;

struct Category {
  std::string id;        // [a-z0-9-]{1,40}; stable: cards, trends and policies name it
  std::string label_nl;  // 1..80 bytes of UTF-8
  std::string label_en;  // 1..80 bytes of UTF-8
  // House rule: a report in this category describes a person. It may be shared only with
  // a police channel, and its photo never goes into a resident group.
  bool describes_person = false;
  // Classifier keywords in folded form (signals/classifier.h): words of [a-z0-9] separated
  // by single spaces; a word may start and/or end with '*' (suffix / prefix / infix match).
  std::vector<std::string> keywords;
};

class Taxonomy {
 public:
  // kInvalidArgument names the first problem: no categories or more than kMaxCategories,
  // a bad or repeated id, an empty or overlong label, a malformed or overlong keyword.
  static Result<Taxonomy> Create(std::vector<Category> categories);
  // Parses the JSON format of signals/taxonomy_default.json (docs/signals.md);
  // kInvalidArgument for malformed JSON, unknown keys, wrong types, or as for Create.
  static Result<Taxonomy> FromJson(std::string_view json);
  // The compiled-in default taxonomy.
  static Result<Taxonomy> Default();

  // Serializes to the same JSON format (one line).
  std::string ToJson() const;
  // nullptr if there is no such category.
  const Category* Find(std::string_view id) const;
  const std::vector<Category>& categories() const { return categories_; }

 private:
  explicit Taxonomy(std::vector<Category> categories) : categories_(std::move(categories)) {}
  std::vector<Category> categories_;
};

// An admin's changes to a base taxonomy.
struct TaxonomyOverrides {
  std::vector<Category> upsert;     // replaces the category with the same id, or appends
  std::vector<std::string> remove;  // ids to remove
};

// Applies `overrides` to `base` (removals first, then upserts in order). kNotFound if a
// removed id is not in base; kFailedPrecondition if an override would remove a category
// that describes a person, or clear describes_person on one (the house rule cannot be
// switched off by relabelling or by leaving residents only a neutral category);
// kInvalidArgument as for Taxonomy::Create.
Result<Taxonomy> ApplyOverrides(const Taxonomy& base, const TaxonomyOverrides& overrides);

// The JSON form of overrides, as an admin sends and the server stores them:
//   {"format": "weerbaar-taxonomy-overrides/v1", "upsert": [category...], "remove": [id...]}
// with categories as in the taxonomy format. kInvalidArgument for malformed JSON, unknown
// keys, wrong types, more than kMaxCategories entries in a list, or over
// kMaxTaxonomyJsonBytes. (Whether they apply is ApplyOverrides' question.)
Result<TaxonomyOverrides> ParseTaxonomyOverrides(std::string_view json);
std::string TaxonomyOverridesToJson(const TaxonomyOverrides& overrides);

// House rule: whether a report of this category may carry a photo into a resident group.
inline bool PhotoAllowedInGroup(const Category& category) { return !category.describes_person; }

}  // namespace weerbaar::signals
