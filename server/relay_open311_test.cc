// Open311 GeoReport v2 over signed HTTP through the relay: who may pull which cards, and
// that a signature is bound to its request, its device, its time and a single use.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "crypto/http_transcript.h"
#include "protocol/http_signature.h"
#include "server/relay_signals_test_util.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;

class RelayOpen311Test : public RelaySignalsTest {
 protected:
  // The Authorization header of `by` for GET `target`, signed at `time_ms`.
  std::string Sign(const TestClient& by, const std::string& target, int64_t time_ms,
                   const std::string& method = "GET") {
    protocol::HttpSignature sig{ToString(by.identity.device_id()), static_cast<uint64_t>(time_ms),
                                ToString(crypto::RandomBytes(16)), ""};
    const std::string server_id = store_->server_id();
    crypto::HttpRequestTranscript t{method,
                                    target,
                                    AsBytes(server_id),
                                    sig.time_ms,
                                    AsBytes(sig.nonce),
                                    AsBytes(sig.device_id)};
    sig.signature = ToString(crypto::SignHttpRequest(by.identity, t));
    return protocol::FormatHttpSignature(sig);
  }
  HttpAnswer Get(const std::string& target, const std::string& authorization) {
    return relay_->HandleOpen311({"GET", target, authorization});
  }
  HttpAnswer SignedGet(const TestClient& by, const std::string& target) {
    return Get(target, Sign(by, target, clock_.NowMillis()));
  }
  std::string Base(const std::string& channel) {
    return "/open311/v2/channels/" + HexEncode(AsBytes(channel)) + "/";
  }
};

TEST_F(RelayOpen311Test, APartnerPullsItsChannelsServicesAndRequests) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  HttpAnswer services = SignedGet(*muni_partner, Base(muni) + "services.json");
  ASSERT_EQ(services.status, 200) << services.body;
  EXPECT_EQ(json::parse(services.body).as_array()[0].at("service_code").as_string(), "zwerfafval");
  HttpAnswer requests = SignedGet(*muni_partner, Base(muni) + "requests.json?status=open");
  ASSERT_EQ(requests.status, 200) << requests.body;
  json::array list = json::parse(requests.body).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("service_request_id").as_string(), HexEncode(AsBytes(share)));
  EXPECT_EQ(list[0].at("geohash").as_string(), "u173zq");
  EXPECT_EQ(requests.body.find(HexEncode(AsBytes(member->user_id))), std::string::npos);
  const std::string one = Base(muni) + "requests/" + HexEncode(AsBytes(share)) + ".json";
  EXPECT_EQ(SignedGet(*muni_partner, one).status, 200);
  // Filters: another category, closed only.
  EXPECT_EQ(SignedGet(*muni_partner, Base(muni) + "requests.json?service_code=inbraak").body, "[]");
  EXPECT_EQ(SignedGet(*muni_partner, Base(muni) + "requests.json?status=closed").body, "[]");
  EXPECT_EQ(SignedGet(*muni_partner, Base(muni) + "requests.json?status=maybe").status, 400);
}

TEST_F(RelayOpen311Test, OtherPartnersAndResidentsAreRefusedAndSeeNoShare) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  EXPECT_EQ(SignedGet(*police_partner, Base(muni) + "requests.json").status, 403);
  EXPECT_EQ(SignedGet(*member, Base(muni) + "requests.json").status, 403);
  EXPECT_EQ(SignedGet(*admin, Base(muni) + "services.json").status, 403);
  // The police partner asking for the share under its own channel: as if it did not exist.
  HttpAnswer other =
      SignedGet(*police_partner, Base(police) + "requests/" + HexEncode(AsBytes(share)) + ".json");
  EXPECT_EQ(other.status, 404);
}

TEST_F(RelayOpen311Test, AWithdrawnShareIsGoneFromOpen311AtOnce) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  ASSERT_TRUE(Call(*member, WithdrawReq(*member, muni)).has_ok());
  EXPECT_EQ(SignedGet(*muni_partner, Base(muni) + "requests.json").body, "[]");
  EXPECT_EQ(SignedGet(*muni_partner, Base(muni) + "requests/" + HexEncode(AsBytes(share)) + ".json")
                .status,
            404);
}

TEST_F(RelayOpen311Test, ASignatureIsBoundToItsRequestDeviceTimeAndOneUse) {
  const std::string target = Base(muni) + "requests.json";
  const int64_t now = clock_.NowMillis();
  HttpAnswer missing = Get(target, "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(missing.challenge);
  EXPECT_EQ(Get(target, "Bearer x").status, 401);
  // Signed for another target, or by a device that is not registered.
  EXPECT_EQ(Get(target, Sign(*muni_partner, Base(muni) + "services.json", now)).status, 401);
  TestClient stranger(crypto::DeviceIdentity::Generate());
  EXPECT_EQ(Get(target, Sign(stranger, target, now)).status, 401);
  // Too old or too far ahead (skew 300 s by default).
  EXPECT_EQ(Get(target, Sign(*muni_partner, target, now - 301'000)).status, 401);
  EXPECT_EQ(Get(target, Sign(*muni_partner, target, now + 301'000)).status, 401);
  EXPECT_EQ(Get(target, Sign(*muni_partner, target, now - 299'000)).status, 200);
  // The same signed request twice: the replay is refused.
  const std::string once = Sign(*muni_partner, target, now);
  EXPECT_EQ(Get(target, once).status, 200);
  EXPECT_EQ(Get(target, once).status, 401);
  // Only GET; unknown routes and malformed ids are 404 before any signature check.
  EXPECT_EQ(
      relay_->HandleOpen311({"POST", target, Sign(*muni_partner, target, now, "POST")}).status,
      405);
  EXPECT_EQ(Get("/open311/v2/channels/zz/requests.json", "").status, 404);
  EXPECT_EQ(Get(Base(muni) + "discovery.json", "").status, 404);
}

class RelayOpen311SmallCacheTest : public RelayOpen311Test {
 protected:
  void SetUp() override {
    config_.http_nonce_cache_entries = 100;  // the least the config allows
    ASSERT_NO_FATAL_FAILURE(RelayOpen311Test::SetUp());
  }
};

TEST_F(RelayOpen311SmallCacheTest, WhenEveryRememberedNonceIsLiveNewRequestsAreAskedToRetry) {
  const std::string target = Base(muni) + "services.json";
  for (int i = 0; i < 100; ++i) ASSERT_EQ(SignedGet(*muni_partner, target).status, 200) << i;
  HttpAnswer full = SignedGet(*muni_partner, target);
  EXPECT_EQ(full.status, 503);
  EXPECT_TRUE(full.retry);
  clock_.Advance(601'000);  // two windows of 300 s: all expired
  EXPECT_EQ(SignedGet(*muni_partner, target).status, 200);
}

}  // namespace
}  // namespace weerbaar::server
