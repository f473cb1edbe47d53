#pragma once
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bot/clock.hpp"
#include "bot/config.hpp"

namespace followup {

// Per-user flood limit for the platforms that have no pacing of their own (Telegram, Slack): a
// token bucket of `rate.messages` refilled over `rate.per`, so a person's bursts pass and a
// script's stream does not. Beyond it, the first message of a flood is answered "slow down"
// and the rest are acknowledged without running the engine.
class flood_gate {
 public:
  enum class verdict { pass, warn, drop };

  // `max_users`: how many users' buckets are kept; beyond it the idle ones are forgotten first.
  explicit flood_gate(user_rate rate, std::size_t max_users = 100'000);

  verdict check(const std::string& user_key, sys_time now);
  std::size_t remembered();

 private:
  struct bucket {
    double tokens = 0;
    sys_time updated{};
    bool warned = false;
  };
  void forget_idle(sys_time now);

  user_rate rate_;
  std::size_t max_users_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace followup
