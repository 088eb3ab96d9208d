#include "signals/classifier.h"

#include <algorithm>

#include "crypto/utf8_text.h"

namespace weerbaar::signals {
namespace {

// "abc", "abc*", "*abc" or "*abc*" against one token.
bool WordMatches(std::string_view pattern, std::string_view token) {
  const bool any_prefix = pattern.starts_with('*');
  const bool any_suffix = pattern.size() > 1 && pattern.ends_with('*');
  if (any_prefix) pattern.remove_prefix(1);
  if (any_suffix) pattern.remove_suffix(1);
  if (any_prefix && any_suffix) return token.find(pattern) != std::string_view::npos;
  if (any_prefix) return token.ends_with(pattern);
  if (any_suffix) return token.starts_with(pattern);
  return token == pattern;
}

std::vector<std::string_view> SplitWords(std::string_view keyword) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start <= keyword.size()) {
    size_t space = std::min(keyword.find(' ', start), keyword.size());
    words.push_back(keyword.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

bool KeywordMatches(const std::vector<std::string_view>& words,
                    const std::vector<std::string>& tokens) {
  for (size_t p = 0; p + words.size() <= tokens.size(); ++p) {
    size_t q = 0;
    while (q < words.size() && WordMatches(words[q], tokens[p + q])) ++q;
    if (q == words.size()) return true;
  }
  return false;
}

int Score(const Category& category, const std::vector<std::string>& tokens) {
  int score = 0;
  for (const std::string& keyword : category.keywords) {
    std::vector<std::string_view> words = SplitWords(keyword);
    if (KeywordMatches(words, tokens)) score += static_cast<int>(words.size());
  }
  return score;
}

}  // namespace

std::vector<std::string> ClassifierTokens(std::string_view text) {
  const std::string folded = crypto::FoldText(text);
  std::vector<std::string> tokens;
  std::string current;
  for (size_t i = 0; i < folded.size();) {
    crypto::CodePoint cp = crypto::DecodeUtf8At(folded, i);
    if (cp.valid && crypto::IsWordCodePoint(cp.value)) {
      current.append(folded, i, cp.length);
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
    i += cp.length;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<Suggestion> SuggestCategories(std::string_view text, const Taxonomy& taxonomy,
                                          size_t max_results) {
  const std::vector<std::string> tokens = ClassifierTokens(text);
  std::vector<Suggestion> out;
  for (const Category& c : taxonomy.categories()) {
    if (int score = Score(c, tokens); score > 0) out.push_back({c.id, score});
  }
  // stable_sort keeps taxonomy order among equal scores.
  std::stable_sort(out.begin(), out.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.score > b.score; });
  if (out.size() > max_results) out.resize(max_results);
  return out;
}

}  // namespace weerbaar::signals
