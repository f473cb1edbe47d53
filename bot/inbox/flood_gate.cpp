#include "bot/inbox/flood_gate.hpp"

#include <algorithm>
#include <chrono>

namespace followup {

flood_gate::flood_gate(user_rate rate, std::size_t max_users)
    : rate_(rate), max_users_(std::max<std::size_t>(max_users, 1)) {}

flood_gate::verdict flood_gate::check(const std::string& user_key, sys_time now) {
  if (!rate_.limited()) return verdict::pass;
  const double capacity = static_cast<double>(rate_.messages);
  const double per_ms =
      capacity /
      static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(rate_.per).count());
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(user_key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_users_) forget_idle(now);
    it = buckets_.emplace(user_key, bucket{capacity, now, false}).first;
  }
  auto& b = it->second;
  // A clock that steps back refills nothing rather than draining the bucket.
  auto elapsed = std::max<std::int64_t>(0, (now - b.updated).count());
  b.tokens = std::min(capacity, b.tokens + static_cast<double>(elapsed) * per_ms);
  b.updated = std::max(b.updated, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    b.warned = false;
    return verdict::pass;
  }
  if (b.warned) return verdict::drop;
  b.warned = true;
  return verdict::warn;
}

std::size_t flood_gate::remembered() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void flood_gate::forget_idle(sys_time now) {
  // A bucket that has had a whole window to refill is the same as no bucket.
  std::erase_if(buckets_,
                [&](const auto& entry) { return now - entry.second.updated >= rate_.per; });
  // Still full of active users (an attack with made-up ids): start afresh rather than grow.
  if (buckets_.size() >= max_users_) buckets_.clear();
}

}  // namespace followup
