#pragma once
// Outbox rows for the queue's and the dispatcher's tests, at a fixed instant.
#include <cstdint>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/store/store.hpp"

namespace followup::testing {

inline sys_time t0() {
  return from_millis(1'800'000'000'000);
}

// Row `id` to `chat`, its text "m<id>", due at `created`.
inline outbox_row row(std::int64_t id, std::string chat, outbox_priority p = outbox_priority::reply,
                      sys_time created = t0(), std::string platform = "telegram") {
  outbox_row r;
  r.id = id;
  r.platform = std::move(platform);
  r.chat_id = std::move(chat);
  r.text = "m" + std::to_string(id);
  r.priority = p;
  r.not_before = created;
  r.created_at = created;
  return r;
}

inline std::vector<std::int64_t> ids(const std::vector<outbox_row>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

}  // namespace followup::testing
