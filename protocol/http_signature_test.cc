#include "protocol/http_signature.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace weerbaar::protocol {
namespace {

HttpSignature Example() {
  return {std::string(16, '\x01'), 1'700'000'000'123, std::string(16, '\x02'),
          std::string(64, '\x03')};
}

TEST(HttpSignatureTest, AFormattedHeaderParsesBackToTheSameFields) {
  const std::string header = FormatHttpSignature(Example());
  EXPECT_EQ(header.rfind("Weerbaar-Signature device=\"01010101", 0), 0u) << header;
  Result<HttpSignature> parsed = ParseHttpSignature(header);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->device_id, Example().device_id);
  EXPECT_EQ(parsed->time_ms, Example().time_ms);
  EXPECT_EQ(parsed->nonce, Example().nonce);
  EXPECT_EQ(parsed->signature, Example().signature);
}

TEST(HttpSignatureTest, ParametersMayComeInAnyOrderWithSpaces) {
  const std::string device = std::string(32, 'a'), nonce = std::string(32, 'b');
  const std::string sig = std::string(86, 'A');  // 64 bytes in unpadded base64url
  Result<HttpSignature> parsed =
      ParseHttpSignature("Weerbaar-Signature  nonce=\"" + nonce + "\" ,signature=\"" + sig +
                         "\", time=\"5\"," + " device=\"" + device + "\"  ");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->time_ms, 5u);
}

TEST(HttpSignatureTest, MalformedHeadersAreRefused) {
  const std::string good = FormatHttpSignature(Example());
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::vector<std::string> bad = {
      "",
      "Bearer abc",
      "Weerbaar-Signature",
      "Weerbaar-Signaturedevice=\"00\"",
      replace("device=", "device2="),  // unknown parameter (and device missing)
      good + ", extra=\"1\"",          // five parameters
      replace("time=\"1700000000123\"", "time=\"-5\""),
      replace("time=\"1700000000123\"", "time=\"12x\""),
      replace("time=\"1700000000123\"", "time=\"\""),
      replace("time=\"1700000000123\"", "time=\"99999999999999999\""),  // 17 digits
      replace("time=\"1700000000123\"", "time=1700000000123"),          // unquoted
      replace("device=\"01", "device=\"0"),                             // odd hex
      replace("device=\"0101", "device=\"01"),                          // 15 bytes
      replace("nonce=\"02", "nonce=\"zz"),
      replace("signature=\"Aw", "signature=\""),                           // 63 bytes
      replace("signature=\"", "signature=\"\\\""),                         // a quote inside
      replace("time=", "device=\"" + std::string(32, 'a') + "\", time="),  // repeated
  };
  for (const std::string& header : bad)
    EXPECT_EQ(ParseHttpSignature(header).status().code(), Code::kInvalidArgument) << header;
}

}  // namespace
}  // namespace weerbaar::protocol
