#include "common/clock.h"

#include <chrono>

namespace weerbaar {

int64_t SystemClock::NowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::MonotonicMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

const SystemClock* SystemClock::Default() {
  static const SystemClock clock;
  return &clock;
}

}  // namespace weerbaar
