#pragma once
#include <string>
#include <unordered_map>

#include "bot/clock.hpp"
#include "bot/config.hpp"

namespace followup {

// Send pacing: a GCRA over all chats that never exceeds the rate in any one-second window
// (a small burst, a slightly lower steady rate) and at most one
// message per 1/per_chat seconds in each chat. Pure: time comes from the caller.
class pacer {
 public:
  explicit pacer(send_rate rate);
  // Earliest time a message may go overall / to this chat.
  sys_time global_ready_at() const;
  sys_time chat_ready_at(const std::string& chat) const;
  void record(const std::string& chat, sys_time now);

 private:
  send_rate rate_;
  std::chrono::microseconds global_interval_{0}, chat_interval_{0}, burst_tolerance_{0};
  std::chrono::sys_time<std::chrono::microseconds> tat_{};  // theoretical arrival time (GCRA)
  std::unordered_map<std::string, sys_time> last_sent_;
  std::size_t records_since_prune_ = 0;
};

}  // namespace followup
