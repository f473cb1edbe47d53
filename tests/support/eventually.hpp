#pragma once
// The bot updates its store, counters and logs after the effect a test can see (a platform
// call, a frame, a reply), on other threads. A test that checks such state polls for it with a
// deadline instead of sleeping a guessed time: fast when the machine is idle, still right when a
// loaded CI machine is slow.
#include <chrono>
#include <thread>

namespace followup::testing {

template <class Condition>
bool eventually(Condition done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace followup::testing
