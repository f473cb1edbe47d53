#pragma once
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "bot/clock.hpp"
#include "bot/config.hpp"

namespace followup {

// Send pacing, per platform (each platform's API has its own limits): a GCRA over the
// platform's chats that never exceeds the overall rate in any one-second window (a small burst,
// a slightly lower steady rate), and at most one message per 1/per_chat seconds in each chat.
// Exempt platforms (the web chat: our own socket, no API limit) are not paced. Pure: time
// comes from the caller.
class pacer {
 public:
  explicit pacer(send_rate rate);
  void exempt(const std::string& platform);
  // Earliest time a message may go to this platform / to this chat of it.
  sys_time platform_ready_at(const std::string& platform) const;
  sys_time chat_ready_at(const std::string& platform, const std::string& chat) const;
  void record(const std::string& platform, const std::string& chat, sys_time now);

 private:
  struct budget {
    std::chrono::sys_time<std::chrono::microseconds> tat{};  // theoretical arrival time (GCRA)
    std::unordered_map<std::string, sys_time> last_sent;
    std::size_t records_since_prune = 0;
  };
  const budget* find(const std::string& platform) const;

  send_rate rate_;
  std::chrono::microseconds global_interval_{0}, chat_interval_{0}, burst_tolerance_{0};
  std::unordered_map<std::string, budget> budgets_;
  std::unordered_set<std::string> exempt_;
};

}  // namespace followup
