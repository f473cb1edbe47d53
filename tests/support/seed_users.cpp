#include "tests/support/seed_users.hpp"

#include <algorithm>

#include "bot/conversation/nudge_plan.hpp"

namespace followup::testing {

interview acme_interview(sys_time at) {
  interview i;
  i.id = 1;
  i.company = "Acme";
  i.at = at;
  i.at_has_time = true;
  i.status = interview_status::scheduled;
  i.people = {person{"Jane Smith", "recruiter", "", std::nullopt, ""}};
  return i;
}

void seed_users(store& s, const std::vector<std::string>& ids,
                const std::function<std::vector<interview>(const std::string&)>& interviews_of,
                sys_time now, const etiquette_numbers& numbers, const std::string& timezone,
                std::size_t batch) {
  for (std::size_t start = 0; start < ids.size(); start += batch) {
    std::vector<inbound_job> jobs;
    for (std::size_t k = start; k < std::min(ids.size(), start + batch); ++k) {
      const auto& id = ids[k];
      inbound_job j;
      j.message.platform = "telegram";
      j.message.update_id = "seed-" + id;
      j.message.user_id = id;
      j.message.chat_id = id;
      j.message.text = "seed";
      j.default_timezone = timezone;
      j.decide = [&, id](const inbound&, const user_state& user) {
        effects fx;
        fx.interviews = interviews_of(id);
        auto next = user;
        next.interviews = *fx.interviews;
        fx.nudges = plan_nudges(next, numbers);
        return fx;
      };
      jobs.push_back(std::move(j));
    }
    s.apply_inbound(jobs, {}, now);
  }
}

}  // namespace followup::testing
