// The scrubber's examples: each input with the output crypto::Scrub must give, by the
// names of the policy. Shared by crypto/scrubber_test.cc, which checks every row, and the
// web client's interop vectors (clients/vectors/scrubber_vectors.cc), which hold the
// TypeScript port to the same rows. Test data only: the names are made up.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace weerbaar::crypto::scrub_cases {

struct Case {
  std::string_view input;
  std::string_view expected;
};

struct Table {
  std::vector<std::string> names;  // the policy's names
  std::vector<Case> cases;
};

inline const Table kPhoneNumbers = {{},
                                    {{"bel 0612345678 maar", "bel [telefoon] maar"},
                                     {"bel 06-12345678.", "bel [telefoon]."},
                                     {"06 12345678", "[telefoon]"},
                                     {"06 1234 5678", "[telefoon]"},
                                     {"06 12 34 56 78", "[telefoon]"},
                                     {"06 - 12345678", "[telefoon]"},
                                     {"(06) 12345678", "[telefoon]"},
                                     {"+31 6 1234 5678", "[telefoon]"},
                                     {"+31612345678", "[telefoon]"},
                                     {"+31 (0)6 12345678", "[telefoon]"},
                                     {"+31 06 12345678", "[telefoon]"},
                                     {"0031 6 12345678", "[telefoon]"},
                                     {"0031612345678", "[telefoon]"},
                                     {"020-1234567", "[telefoon]"},
                                     {"(020) 123 4567", "[telefoon]"},
                                     {"020 123 45 67", "[telefoon]"},
                                     {"0111-123456", "[telefoon]"},
                                     {"+31 20 123 4567", "[telefoon]"},
                                     {"tel:06.12.34.56.78", "tel:[telefoon]"},
                                     {"bel 06-12345678/020-1234567", "bel [telefoon]/[telefoon]"}}};

inline const Table kNotPhoneNumbers = {
    {},
    {{"06:30 uur", "06:30 uur"},
     {"op 06-12-2023 was het raak", "op 06-12-2023 was het raak"},
     {"op 06-12-2023 12:30", "op 06-12-2023 12:30"},
     {"0800-1234 voor storingen", "0800-1234 voor storingen"},
     {"bel 112", "bel 112"},
     {"0 1 2 3 4 5 6 7 8 9", "0 1 2 3 4 5 6 7 8 9"},
     {"06123456789", "06123456789"},  // eleven digits
     {"061234567", "061234567"},      // nine digits
     {"x06-12345678", "x06-12345678"},
     {"06-12345678,5", "06-12345678,5"}}};

inline const Table kEmailAddresses = {{},
                                      {{"mail jan@example.nl.", "mail [e-mail]."},
                                       {"Jan.de.Vries+buurt@mail.gemeente.nl", "[e-mail]"},
                                       {"(a_b%c@x-y.com)", "([e-mail])"},
                                       {"JAN@EXAMPLE.NL", "[e-mail]"},
                                       {"jan@example.nl-", "[e-mail]-"},
                                       {"<piet@buurt.org>,", "<[e-mail]>,"}}};

inline const Table kNotEmailAddresses = {{},
                                         {{"@home", "@home"},
                                          {"jan@localhost", "jan@localhost"},
                                          {"jan@example.n1", "jan@example.n1"},
                                          {"foto @ 14:30", "foto @ 14:30"},
                                          {".jan@example", ".jan@example"}}};

inline const Table kLicencePlates = {{},
                                     {{"AB-12-34", "[kenteken]"},
                                      {"12-34-AB", "[kenteken]"},
                                      {"12-AB-34", "[kenteken]"},
                                      {"AB-12-CD", "[kenteken]"},
                                      {"AB-CD-12", "[kenteken]"},
                                      {"12-AB-CD", "[kenteken]"},
                                      {"12-ABC-3", "[kenteken]"},
                                      {"1-ABC-23", "[kenteken]"},
                                      {"AB-123-C", "[kenteken]"},
                                      {"A-123-BC", "[kenteken]"},
                                      {"ABC-12-D", "[kenteken]"},
                                      {"A-12-BCD", "[kenteken]"},
                                      {"1-AB-234", "[kenteken]"},
                                      {"123-AB-4", "[kenteken]"},
                                      {"xx-999-x", "[kenteken]"},
                                      {"auto 1-XXX-11 reed weg", "auto [kenteken] reed weg"},
                                      {"kenteken: XX-999-X.", "kenteken: [kenteken]."}}};

inline const Table kUndashedLicencePlates = {
    {},
    {
        {"AB1234", "[kenteken]"},
        {"12ABC3", "[kenteken]"},
        {"XX999X", "[kenteken]"},
        {"1XXX11", "[kenteken]"},
        {"ab1234", "ab1234"},
        {"1234XX", "1234XX"},  // sidecode 2 without dashes has a postcode's shape
    }};

inline const Table kNotLicencePlates = {{},
                                        {{"AB", "AB"},
                                         {"de A12 en de N201", "de A12 en de N201"},
                                         {"covid-19", "covid-19"},
                                         {"AB-testen", "AB-testen"},
                                         {"MP3 en H2O", "MP3 en H2O"},
                                         {"AB-12-CD-EF", "AB-12-CD-EF"},
                                         {"ABC123", "ABC123"}}};

inline const Table kAddresses = {
    {},
    {{"1234 AB 12", "[adres]"},
     {"1234AB 12a", "[adres]"},
     {"1234 ab, 12", "[adres]"},
     {"1234AB12", "[adres]"},
     {"woont op 1234 AB 12-3.", "woont op [adres]."},
     {"Dorpsstraat 12, 1234 AB Utrecht", "Dorpsstraat [adres] Utrecht"},
     {"Dorpsstraat 12a 1234AB", "Dorpsstraat [adres]"},
     {"2023 OP 12", "[adres]"}}};

inline const Table kNotAddresses = {{},
                                    {{"Huisnummer 45b heeft last", "Huisnummer 45b heeft last"},
                                     {"in 2023 op 12 mei", "in 2023 op 12 mei"},
                                     {"met 1500 en 12 anderen", "met 1500 en 12 anderen"},
                                     {"postcode 1234 AB", "postcode 1234 AB"},
                                     {"1234 ABC 12", "1234 ABC 12"},
                                     {"Straat 12, 3e verdieping", "Straat 12, 3e verdieping"},
                                     {"0123 AB 12", "0123 AB 12"},
                                     {"1234 AB 12:30", "1234 AB 12:30"}}};

inline const Table kIbans = {
    {},
    {
        {"NL91ABNA0417164300", "[iban]"},
        {"rekening NL91 ABNA 0417 1643 00.", "rekening [iban]."},
        {"nl91abna0417164300", "[iban]"},
        {"DE89 3704 0044 0532 0130 00", "[iban]"},
        {"BE68539007547034", "[iban]"},
        {"FR1420041010050500013M02606", "[iban]"},
        {"GB29 NWBK 6016 1331 9268 19", "[iban]"},
        {"CH93 0076 2011 6238 5295 7", "[iban]"},
        {"BR18 0036 0305 0000 1000 9795 493C 1", "[iban]"},
        {"BI42 1000 0100 0100 0033 2045 181", "[iban]"},
        {"NL92ABNA0417164300", "NL92ABNA0417164300"},    // checksum off by one
        {"NL91ABNA04171643001", "NL91ABNA04171643001"},  // too long
        {"NL91ABNA041716430", "NL91ABNA041716430"},      // too short
        {"ZZ91ABNA0417164300", "ZZ91ABNA0417164300"},    // no such country
    }};

inline const Table kBsns = {{},
                            {{"bsn 123456782", "bsn [bsn]"},
                             {"1234.56.782", "[bsn]"},
                             {"123.456.782", "[bsn]"},
                             {"123 456 782", "[bsn]"},
                             {"111-222-333", "[bsn]"},
                             {"BSN: 111222333.", "BSN: [bsn]."}}};

inline const Table kNotBsns = {{},
                               {{"order 123456789", "order 123456789"},
                                {"000000000", "000000000"},
                                {"€ 123.456.782", "€ 123.456.782"},
                                {"EUR 123456782", "EUR 123456782"},
                                {"123456782,50", "123456782,50"},
                                {"1234567820", "1234567820"},
                                {"12.3456.782", "12.3456.782"},
                                {"123.456 782", "123.456 782"}}};

inline const Table kNames = {
    {"Jan de Vries", "van der Berg", "Müller", "Çelik", "IJsselstein", "Rene", "d'Hondt"},
    {{"Ik zag jan DE vries gisteren", "Ik zag [naam] gisteren"},
     {"Mevrouw Van  der\nBerg belde", "Mevrouw [naam] belde"},
     {"MÜLLER, Muller en Mu\u0308ller", "[naam], [naam] en [naam]"},
     {"çelik", "[naam]"},
     {"ĳsselstein", "[naam]"},
     {"Jan\u00A0de Vries", "[naam]"},
     {"René en Renée", "[naam] en Renée"},
     {"d’Hondt", "[naam]"}}};

inline const Table kWholeWordNames = {{"Jan", "Jan de Vries"},
                                      {{"Jan de Vries en Jan", "[naam] en [naam]"},
                                       {"Janssen en Jantje", "Janssen en Jantje"},
                                       {"Jan's fiets", "[naam]'s fiets"},
                                       {"deJan", "deJan"}}};

// Every table above, for the interop vectors.
inline const std::vector<const Table*> kAllTables = {&kPhoneNumbers,
                                                     &kNotPhoneNumbers,
                                                     &kEmailAddresses,
                                                     &kNotEmailAddresses,
                                                     &kLicencePlates,
                                                     &kUndashedLicencePlates,
                                                     &kNotLicencePlates,
                                                     &kAddresses,
                                                     &kNotAddresses,
                                                     &kIbans,
                                                     &kBsns,
                                                     &kNotBsns,
                                                     &kNames,
                                                     &kWholeWordNames};

// Ordinary sentences from neighbourhood reports: nothing here is personal data, so the
// scrubber (with the name "Pietersen") must leave each one untouched.
inline constexpr std::array<std::string_view, 35> kOrdinarySentences = {
    "Op 12-03-2024 om 14:30 zag ik twee jongens bij de speeltuin.",
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
    "Naïeve vraag: wie ruimt de rommel op?",
};

}  // namespace weerbaar::crypto::scrub_cases
