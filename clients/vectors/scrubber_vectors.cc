#include "clients/vectors/scrubber_vectors.h"

#include <random>
#include <string>
#include <vector>

#include "crypto/scrubber.h"
#include "crypto/scrubber_cases.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;

struct CaseGroup {
  std::vector<std::string> names;
  std::vector<std::string> inputs;
};

// The rows of crypto/scrubber_cases.h (the scrubber test's tables) and one that counts
// every kind, by the names of the policy they run with.
std::vector<CaseGroup> TestCaseGroups() {
  std::vector<CaseGroup> groups;
  for (const crypto::scrub_cases::Table* table : crypto::scrub_cases::kAllTables) {
    CaseGroup g{table->names, {}};
    for (const crypto::scrub_cases::Case& c : table->cases) g.inputs.emplace_back(c.input);
    groups.push_back(std::move(g));
  }
  CaseGroup ordinary{{"Pietersen"}, {}};
  for (std::string_view s : crypto::scrub_cases::kOrdinarySentences)
    ordinary.inputs.emplace_back(s);
  groups.push_back(std::move(ordinary));
  groups.push_back(
      {{"Jan"}, {"Jan (06-12345678, jan@x.nl) parkeert AB-12-CD bij 1234 AB 12; 123456782"}});
  return groups;
}

// Pieces of text the patterns care about (as in scrubber_test.cc), glued at random.
constexpr std::string_view kPieces[] = {
    "0",          "6",          "12",       "345",    "-",    " ",     "+31",
    "@",          ".",          "nl",       "AB",     "ab",   "é",     "Ö",
    "€",          "ß",          "\xCC\x88", "1234",   "NL91", ",",     ":",
    "(",          ")",          "x",        "Jan",    "de",   "Vries", "\u00A0",
    "123456782",  "jan@x.nl",   "😀",        "ĳ",      "/",    "0031",  "\n",
    "ABNA",       "0417164300", "06-",      "AB-12-", "CD",   "020 ",  "BE68539007547034",
    "1234 AB 12", "René",       "\t"};
constexpr uint32_t kRandomSeed = 20261129;
constexpr int kRandomTexts = 400;

// Units repeated up to a length that makes a backtracking matcher slow.
constexpr std::string_view kHostileUnits[] = {"0",  "06-",  "a@",       "a.",     "NL91 ",
                                              "1 ", "+31 ", "1234 AB ", "AB-",    "\xCC\x88",
                                              "(0", "123.", "x",        "Jan de "};
constexpr size_t kHostileBytes = 4096;

CaseGroup RandomGroup() {
  CaseGroup g{{"Jan de Vries", "\xC3\x96", "Ren\xC3\xA9"}, {}};
  std::mt19937 rng(kRandomSeed);
  for (int round = 0; round < kRandomTexts; ++round) {
    std::string text;
    for (int n = static_cast<int>(rng() % 40); n > 0; --n) {
      text.append(kPieces[rng() % std::size(kPieces)]);
      if (rng() % 3 == 0) text.push_back(' ');  // word boundaries, so patterns can match
    }
    g.inputs.push_back(std::move(text));
  }
  return g;
}

CaseGroup HostileGroup() {
  CaseGroup g{{"a a a a a a a a", "ab", "Jan de Vries"}, {}};
  for (std::string_view unit : kHostileUnits) {
    std::string text;
    while (text.size() + unit.size() <= kHostileBytes) text.append(unit);
    g.inputs.push_back(std::move(text));
  }
  std::string at_bound(crypto::kMaxScrubInputBytes - 12, 'a');
  at_bound.append(" 06-12345678");
  g.inputs.push_back(std::move(at_bound));
  return g;
}

Result<json::object> CaseJson(std::string_view input, const crypto::ScrubPolicy& policy) {
  WB_ASSIGN_OR_RETURN(crypto::ScrubResult r, crypto::Scrub(input, policy));
  json::array counts;
  for (int c : r.counts) counts.push_back(c);
  return json::object{{"input", input}, {"output", r.text}, {"counts", std::move(counts)}};
}

Result<json::object> GroupJson(const CaseGroup& g) {
  json::array names, cases;
  for (const std::string& n : g.names) names.emplace_back(n);
  for (const std::string& input : g.inputs) {
    WB_ASSIGN_OR_RETURN(json::object c, CaseJson(input, crypto::ScrubPolicy{g.names}));
    cases.push_back(std::move(c));
  }
  return json::object{{"names", std::move(names)}, {"cases", std::move(cases)}};
}

}  // namespace

Result<json::object> GenerateScrubberVectors() {
  std::vector<CaseGroup> groups = TestCaseGroups();
  groups.push_back(RandomGroup());
  groups.push_back(HostileGroup());
  json::array out;
  for (const CaseGroup& g : groups) {
    WB_ASSIGN_OR_RETURN(json::object group, GroupJson(g));
    out.push_back(std::move(group));
  }
  return json::object{{"scrubber", std::move(out)}};
}

}  // namespace weerbaar::vectors
