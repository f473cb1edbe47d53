#pragma once
#include <functional>
#include <string>
#include <vector>

#include "bot/conversation/follow_up_plan.hpp"
#include "bot/store/store.hpp"

namespace followup::testing {

// Stores Telegram users (ids from `ids`) with the interviews `interviews_of(id)` gives, through
// the same transaction path as a live message, the engine's planner choosing their reminders.
// One group commit per `batch` users, as the store worker would.
// A scheduled interview at Acme with Jane Smith, recruiter, at `at` (id 1).
interview acme_interview(sys_time at);

void seed_users(store& s, const std::vector<std::string>& ids,
                const std::function<std::vector<interview>(const std::string&)>& interviews_of,
                sys_time now, const etiquette_numbers& numbers = {},
                const std::string& timezone = "America/New_York", std::size_t batch = 512);

}  // namespace followup::testing
