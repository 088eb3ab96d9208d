// Calls crypto::Init() once before any test of signals_test runs.
#include <gtest/gtest.h>

#include "crypto/primitives.h"

namespace weerbaar::signals {
namespace {

class SodiumEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(crypto::Init().ok()); }
};

const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SodiumEnvironment);

}  // namespace
}  // namespace weerbaar::signals
