#include "clients/vectors/scrubber_vectors.h"

#include <random>
#include <string>
#include <vector>

#include "crypto/scrubber.h"

namespace weerbaar::vectors {
namespace {

namespace json = boost::json;

struct CaseGroup {
  std::vector<std::string> names;
  std::vector<std::string> inputs;
};

// The inputs of crypto/scrubber_test.cc, by the names of the policy they ran with.
const std::vector<CaseGroup>& TestCaseGroups() {
  static const std::vector<CaseGroup> groups = {
      {{},
       {"bel 0612345678 maar",
        "bel 06-12345678.",
        "06 12345678",
        "06 1234 5678",
        "06 12 34 56 78",
        "06 - 12345678",
        "(06) 12345678",
        "+31 6 1234 5678",
        "+31612345678",
        "+31 (0)6 12345678",
        "+31 06 12345678",
        "0031 6 12345678",
        "0031612345678",
        "020-1234567",
        "(020) 123 4567",
        "020 123 45 67",
        "0111-123456",
        "+31 20 123 4567",
        "tel:06.12.34.56.78",
        "bel 06-12345678/020-1234567",
        "06:30 uur",
        "op 06-12-2023 was het raak",
        "op 06-12-2023 12:30",
        "0800-1234 voor storingen",
        "bel 112",
        "0 1 2 3 4 5 6 7 8 9",
        "06123456789",
        "061234567",
        "x06-12345678",
        "06-12345678,5",
        "mail jan@example.nl.",
        "Jan.de.Vries+buurt@mail.gemeente.nl",
        "(a_b%c@x-y.com)",
        "JAN@EXAMPLE.NL",
        "jan@example.nl-",
        "<piet@buurt.org>,",
        "@home",
        "jan@localhost",
        "jan@example.n1",
        "foto @ 14:30",
        ".jan@example",
        "AB-12-34",
        "12-34-AB",
        "12-AB-34",
        "AB-12-CD",
        "AB-CD-12",
        "12-AB-CD",
        "12-ABC-3",
        "1-ABC-23",
        "AB-123-C",
        "A-123-BC",
        "ABC-12-D",
        "A-12-BCD",
        "1-AB-234",
        "123-AB-4",
        "xx-999-x",
        "auto 1-XXX-11 reed weg",
        "kenteken: XX-999-X.",
        "AB1234",
        "12ABC3",
        "XX999X",
        "1XXX11",
        "ab1234",
        "1234XX",
        "AB",
        "de A12 en de N201",
        "covid-19",
        "AB-testen",
        "MP3 en H2O",
        "AB-12-CD-EF",
        "ABC123",
        "1234 AB 12",
        "1234AB 12a",
        "1234 ab, 12",
        "1234AB12",
        "woont op 1234 AB 12-3.",
        "Dorpsstraat 12, 1234 AB Utrecht",
        "Dorpsstraat 12a 1234AB",
        "2023 OP 12",
        "Huisnummer 45b heeft last",
        "in 2023 op 12 mei",
        "met 1500 en 12 anderen",
        "postcode 1234 AB",
        "1234 ABC 12",
        "Straat 12, 3e verdieping",
        "0123 AB 12",
        "1234 AB 12:30",
        "NL91ABNA0417164300",
        "rekening NL91 ABNA 0417 1643 00.",
        "nl91abna0417164300",
        "DE89 3704 0044 0532 0130 00",
        "BE68539007547034",
        "FR1420041010050500013M02606",
        "GB29 NWBK 6016 1331 9268 19",
        "CH93 0076 2011 6238 5295 7",
        "BR18 0036 0305 0000 1000 9795 493C 1",
        "BI42 1000 0100 0100 0033 2045 181",
        "NL92ABNA0417164300",
        "NL91ABNA04171643001",
        "NL91ABNA041716430",
        "ZZ91ABNA0417164300",
        "bsn 123456782",
        "1234.56.782",
        "123.456.782",
        "123 456 782",
        "111-222-333",
        "BSN: 111222333.",
        "order 123456789",
        "000000000",
        "€ 123.456.782",
        "EUR 123456782",
        "123456782,50",
        "1234567820",
        "12.3456.782",
        "123.456 782"}},
      {{"Jan de Vries", "van der Berg", "Müller", "Çelik", "IJsselstein", "Rene", "d'Hondt"},
       {"Ik zag jan DE vries gisteren", "Mevrouw Van  der\nBerg belde",
        "MÜLLER, Muller en Mu\u0308ller", "çelik", "ĳsselstein", "Jan\u00A0de Vries",
        "René en Renée", "d’Hondt"}},
      {{"Jan", "Jan de Vries"},
       {"Jan de Vries en Jan", "Janssen en Jantje", "Jan's fiets", "deJan"}},
      {{"Jan"}, {"Jan (06-12345678, jan@x.nl) parkeert AB-12-CD bij 1234 AB 12; 123456782"}},
      {{"Pietersen"},
       {"Op 12-03-2024 om 14:30 zag ik twee jongens bij de speeltuin.",
        "De vergadering is op 3 maart 2024 om 19.30 uur.",
        "Het kost € 12,50 per maand, of €1.250,00 per jaar.",
        "Er staan 3 fietsen bij nummer 12 en 4 bij nummer 14a.",
        "Sinds 1998 woon ik hier, al 26 jaar.",
        "AB en CD zijn de initialen op de muur.",
        "In 2023 op 12 mei was er een inbraak in de straat.",
        "Bus 12 en tram 5 rijden vandaag niet.",
        "De A12 was dicht en de N201 ook.",
        "Er waren 150.000 bezoekers, ongeveer 1.234.567 in totaal.",
        "Het was 12.30 uur toen de lamp uitging.",
        "Kamer 2.14 in gebouw B, 3e verdieping.",
        "Tussen 20:00 en 22:00 is het lawaai het ergst.",
        "Het is 0,5 km verderop, bij paal 12.3.",
        "Meet me at 10:30 on 12/03/2024, it costs $ 19.99.",
        "De score was 3-2 na 90 minuten.",
        "Het pand uit 1920-1930 staat leeg.",
        "We waren met 1500 en de rest volgt.",
        "Week 12 van 2024: 5 meldingen, 2 opgelost.",
        "covid-19 maatregelen en AB-testen.",
        "De lantaarnpaal bij nummer 7 is al 3 weken kapot.",
        "Order 123456789 is verzonden.",
        "Om 06:30 uur begon het geluid.",
        "Zaterdag 06-04 tussen 23.00 en 02.00 uur.",
        "Postcodegebied 1234 is groot.",
        "Bel 112 bij nood, 0900-8844 voor de politie.",
        "Het huis op de hoek van de Dorpsstraat, nr. 5.",
        "Rond 2 uur 's nachts, 4 à 5 personen.",
        "ISBN 90-1234-567-8 ligt in de bibliotheek.",
        "Hij reed 50 km/u in een 30-zone.",
        "Groep 7 en 8 van basisschool De Regenboog.",
        "1 op de 3 lantaarns in blok 12-14 brandt niet.",
        "Temperatuur -5 tot +3 graden.",
        "Café 't Hoekje, terras open tot 23:00.",
        "Naïeve vraag: wie ruimt de rommel op?"}},
  };
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
