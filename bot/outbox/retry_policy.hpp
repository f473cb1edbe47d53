#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

#include "bot/clock.hpp"
#include "bot/platforms/platform_client.hpp"

namespace followup {

struct retry_policy {
  std::chrono::milliseconds first_backoff{1'000};
  std::chrono::milliseconds max_backoff{5 * 60'000};
  // A reply older than this is no longer worth delivering.
  std::chrono::milliseconds give_up_after{24 * 3600'000};
};

// When to try a failed delivery again (nullopt: give up). `attempts` counts this one.
// 429: exactly retry_after from now. Network/5xx: exponential backoff from first_backoff,
// doubled per attempt up to max_backoff, plus up to 25% jitter derived from `seed` so that a
// burst of failures does not come back as a burst.
std::optional<sys_time> next_attempt(const retry_policy& policy, const send_outcome& outcome,
                                     int attempts, sys_time created_at, sys_time now,
                                     std::uint64_t seed);

}  // namespace followup
