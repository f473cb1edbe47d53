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

void pacer::exempt(const std::string& platform) {
  exempt_.insert(platform);
  budgets_.erase(platform);
}

const pacer::budget* pacer::find(const std::string& platform) const {
  if (!rate_.paced()) return nullptr;
  auto it = budgets_.find(platform);
  return it == budgets_.end() ? nullptr : &it->second;
}

sys_time pacer::platform_ready_at(const std::string& platform) const {
  const auto* b = find(platform);
  if (!b) return sys_time{};
  return std::chrono::ceil<std::chrono::milliseconds>(b->tat - burst_tolerance_);
}

sys_time pacer::chat_ready_at(const std::string& platform, const std::string& chat) const {
  const auto* b = find(platform);
  if (!b) return sys_time{};
  auto it = b->last_sent.find(chat);
  if (it == b->last_sent.end()) return sys_time{};
  return it->second + std::chrono::ceil<std::chrono::milliseconds>(chat_interval_);
}

void pacer::record(const std::string& platform, const std::string& chat, sys_time now) {
  if (!rate_.paced() || exempt_.count(platform)) return;
  auto& b = budgets_[platform];
  auto now_us = std::chrono::time_point_cast<std::chrono::microseconds>(now);
  b.tat = std::max(b.tat, now_us) + global_interval_;
  b.last_sent[chat] = now;
  // Forget chats whose interval has passed, so the map holds only recently active chats.
  if (++b.records_since_prune >= 4096) {
    b.records_since_prune = 0;
    auto horizon = now - std::chrono::ceil<std::chrono::milliseconds>(chat_interval_);
    std::erase_if(b.last_sent, [&](const auto& kv) { return kv.second <= horizon; });
  }
}

}  // namespace followup
