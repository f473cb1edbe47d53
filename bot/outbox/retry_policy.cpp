#include "bot/outbox/retry_policy.hpp"

#include <algorithm>

namespace followup {

std::optional<sys_time> next_attempt(const retry_policy& policy, const send_outcome& outcome,
                                     int attempts, sys_time created_at, sys_time now,
                                     std::uint64_t seed) {
  sys_time at;
  switch (outcome.status) {
    case send_status::delivered:
    case send_status::permanent:
    case send_status::offline:  // not retried on a clock: parked (outbox_queue)
      return std::nullopt;
    case send_status::rate_limited:
      at = now + outcome.retry_after;
      break;
    case send_status::transient: {
      auto backoff = policy.first_backoff;
      for (int i = 1; i < attempts && backoff < policy.max_backoff; ++i) backoff *= 2;
      backoff = std::min(backoff, policy.max_backoff);
      // splitmix64: a cheap, well-spread hash of the row id for the jitter.
      std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      auto jitter = std::chrono::milliseconds(
          static_cast<std::int64_t>(z % static_cast<std::uint64_t>(backoff.count() / 4 + 1)));
      at = now + backoff + jitter;
      break;
    }
  }
  if (at - created_at > policy.give_up_after) return std::nullopt;
  return at;
}

}  // namespace followup
