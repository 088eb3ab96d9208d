// On-device category suggestion for a report's free text: keyword scoring over the
// taxonomy. Deterministic, integer-only and small enough to port line by line to the web
// client (TypeScript); docs/signals.md ("Classifier") is the normative description and
// both ports must give the same ranking for the same text and taxonomy.
//
// Algorithm:
//   1. tokens = the maximal runs of word characters of FoldText(text) (crypto/utf8_text.h:
//      lowercase, accents removed; apostrophes, hyphens and punctuation split tokens).
//   2. A keyword is one or more words separated by spaces; it matches when its words match
//      consecutive tokens. A word "abc" matches the token "abc"; "abc*" any token starting
//      with "abc"; "*abc" any token ending with "abc"; "*abc*" any token containing "abc".
//   3. score(category) = the sum, over its keywords that match anywhere in the text, of the
//      keyword's number of words (each keyword counts once, however often it matches).
//   4. Suggestions: categories with score > 0, by score descending, ties in taxonomy
//      order; at most max_results.
// The text is a report's own content; it is neither stored nor logged here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "signals/taxonomy.h"

namespace weerbaar::signals {

struct Suggestion {
  std::string category_id;
  int score = 0;
};

std::vector<Suggestion> SuggestCategories(std::string_view text, const Taxonomy& taxonomy,
                                          size_t max_results = 3);

// Step 1 on its own, for tests and for checking the TypeScript port.
std::vector<std::string> ClassifierTokens(std::string_view text);

}  // namespace weerbaar::signals
