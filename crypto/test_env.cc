// Calls crypto::Init() once before any test of crypto_test runs.
#include <gtest/gtest.h>

#include "crypto/primitives.h"

namespace weerbaar::crypto {
namespace {

class SodiumEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(Init().ok()); }
};

const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SodiumEnvironment);

}  // namespace
}  // namespace weerbaar::crypto
