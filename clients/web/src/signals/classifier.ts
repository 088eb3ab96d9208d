// On-device category suggestion for a report's free text, exactly as signals/classifier.h
// (docs/signals.md, "Classifier — normative for the TypeScript port"):
//   1. tokens = the maximal runs of word code points of foldText(text);
//   2. a keyword (words separated by single spaces) matches consecutive tokens; a word
//      "abc" matches the token "abc", "abc*" a prefix, "*abc" a suffix, "*abc*" a substring;
//   3. score(category) = the sum of the word counts of its keywords that match anywhere;
//   4. categories with score > 0, by score descending, ties in taxonomy order, at most max.
// Integers only, no locale: the same ranking as the C++ code for the same text and taxonomy.
// The text is the report's own content; nothing here stores or logs it.
import { codePoints, foldCodePoint, isWordCodePoint } from './fold';
import type { Category, Taxonomy } from './taxonomy';

export type Suggestion = { categoryId: string; score: number };

// Step 1 on its own (ClassifierTokens): fold each code point, then split the folded code
// points into runs of word code points (the same as folding the whole text first).
export function classifierTokens(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (const cp of codePoints(text)) {
    for (const f of codePoints(foldCodePoint(cp))) {
      if (isWordCodePoint(f)) {
        current += String.fromCodePoint(f);
      } else if (current) {
        tokens.push(current);
        current = '';
      }
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function wordMatches(pattern: string, token: string): boolean {
  const anyPrefix = pattern.startsWith('*');
  const anySuffix = pattern.length > 1 && pattern.endsWith('*');
  const core = pattern.slice(anyPrefix ? 1 : 0, anySuffix ? -1 : undefined);
  if (anyPrefix && anySuffix) return token.includes(core);
  if (anyPrefix) return token.endsWith(core);
  if (anySuffix) return token.startsWith(core);
  return token === core;
}

function keywordMatches(words: string[], tokens: string[]): boolean {
  for (let p = 0; p + words.length <= tokens.length; p++) {
    if (words.every((w, q) => wordMatches(w, tokens[p + q]))) return true;
  }
  return false;
}

function score(category: Category, tokens: string[]): number {
  let sum = 0;
  for (const keyword of category.keywords) {
    const words = keyword.split(' ');
    if (keywordMatches(words, tokens)) sum += words.length;
  }
  return sum;
}

// Ranked suggestions with their scores (SuggestCategories).
export function scoreCategories(taxonomy: Taxonomy, text: string, max = 3): Suggestion[] {
  const tokens = classifierTokens(text);
  const out: Suggestion[] = [];
  for (const c of taxonomy.categories) {
    const s = score(c, tokens);
    if (s > 0) out.push({ categoryId: c.id, score: s });
  }
  // Array.prototype.sort is stable: equal scores keep taxonomy order.
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, max);
}

// The ids of the suggested categories, best first.
export function suggestCategories(taxonomy: Taxonomy, text: string, max = 3): string[] {
  return scoreCategories(taxonomy, text, max).map((s) => s.categoryId);
}
