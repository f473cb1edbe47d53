#include "bot/outbox/pacer.hpp"

#include <algorithm>
#include <cmath>

namespace followup {

pacer::pacer(send_rate rate) : rate_(rate) {
  if (rate_.paced()) {
    // A burst of two lets replies to two users go out together; the steady rate is lowered by
    // as much, so that no one-second window ever holds more than the limit: with GCRA at most
    // burst + steady * 1 s messages fit in any second (28/s sustained for Telegram's 30).
    const double rate = rate_.overall_per_second;
    double burst = rate >= 12 ? 2 : 1;
    double steady = rate - burst;
    if (steady < 1) {
      burst = 1;
      steady = rate;
    }
    global_interval_ =
        std::chrono::microseconds(static_cast<std::int64_t>(std::ceil(1e6 / steady)));
    chat_interval_ = std::chrono::microseconds(
        static_cast<std::int64_t>(std::llround(1e6 / rate_.per_chat_per_second)));
    burst_tolerance_ = global_interval_ * static_cast<std::int64_t>(burst - 1);
  }
}

sys_time pacer::global_ready_at() const {
  if (!rate_.paced()) return sys_time{};
  return std::chrono::ceil<std::chrono::milliseconds>(tat_ - burst_tolerance_);
}

sys_time pacer::chat_ready_at(const std::string& chat) const {
  if (!rate_.paced()) return sys_time{};
  auto it = last_sent_.find(chat);
  if (it == last_sent_.end()) return sys_time{};
  return it->second + std::chrono::ceil<std::chrono::milliseconds>(chat_interval_);
}

void pacer::record(const std::string& chat, sys_time now) {
  if (!rate_.paced()) return;
  auto now_us = std::chrono::time_point_cast<std::chrono::microseconds>(now);
  tat_ = std::max(tat_, now_us) + global_interval_;
  last_sent_[chat] = now;
  // Forget chats whose interval has passed, so the map holds only recently active chats.
  if (++records_since_prune_ >= 4096) {
    records_since_prune_ = 0;
    auto horizon = now - std::chrono::ceil<std::chrono::milliseconds>(chat_interval_);
    std::erase_if(last_sent_, [&](const auto& kv) { return kv.second <= horizon; });
  }
}

}  // namespace followup
