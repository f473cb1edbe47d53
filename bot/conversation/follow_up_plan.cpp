#include "bot/conversation/follow_up_plan.hpp"

#include <cmath>

#include "bot/conversation/calendar.hpp"
#include "bot/conversation/rules.hpp"

namespace followup {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

etiquette_numbers etiquette_numbers::from(const rules& r) {
  auto get = [&](std::string_view name) {
    return static_cast<int>(std::lround(r.threshold(name)));
  };
  etiquette_numbers n;
  n.mail_hours = get("mail_deadline_hours");
  n.max_call_backs = get("max_call_backs");
  n.move_on_days = get("move_on_after_days");
  n.call_hour = get("call_nudge_hour");
  n.thank_you_hour = get("thank_you_nudge_hour");
  n.prep_minutes = get("interview_prep_minutes");
  return n;
}

next_step plan_next_step(const interview& i, const date::time_zone& tz, sys_time now,
                         const etiquette_numbers& n) {
  next_step step;
  if (!i.open()) return step;
  const auto call_time = hours(n.call_hour);
  const auto interview_day = local_day(tz, i.at);

  if (i.status == interview_status::scheduled && i.at > now) {
    step.kind = step_kind::prepare;
    step.due = i.at - minutes(n.prep_minutes);
    return step;
  }

  // Thank-yous come first while they are still worth sending (they always are, by email).
  if (i.thank_you_owed()) {
    step.kind = step_kind::thank_you;
    for (const auto* p : i.not_thanked()) step.people.push_back(p->name);
    step.due = std::max(i.at, local_instant(tz, interview_day, hours(n.thank_you_hour)));
    if (i.at_has_time && i.at > step.due) step.due = i.at;
    return step;
  }

  const auto* last = i.last_call();
  auto target = i.who_to_call();
  if (i.call_on) {
    auto call_day = business_day_on_or_after(*i.call_on);
    auto due = local_instant(tz, call_day, call_time);
    // The call day is done once a call was made on or after it.
    bool called = last && local_day(tz, last->at) >= call_day;
    if (!called) {
      step.kind = step_kind::call;
      step.due = due;
      if (!target.empty()) step.people.push_back(target);
      return step;
    }
  }

  if (i.unanswered > 0 && i.unanswered <= n.max_call_backs && last) {
    step.kind = step_kind::call_back;
    step.due = local_instant(tz, next_business_day(local_day(tz, last->at)), call_time);
    if (!target.empty()) step.people.push_back(target);
    return step;
  }

  if (i.decision_by) {
    // No word by the decision day: call the business day after it.
    auto after = next_business_day(*i.decision_by);
    bool called_after = last && local_day(tz, last->at) > *i.decision_by;
    if (!called_after) {
      step.kind =
          local_day(tz, now) <= *i.decision_by ? step_kind::wait_for_decision : step_kind::call;
      step.due = local_instant(tz, after, call_time);
      if (!target.empty()) step.people.push_back(target);
      return step;
    }
  }

  auto move_on_at = i.last_contact() + days(n.move_on_days);
  step.kind = move_on_at <= now ? step_kind::move_on : step_kind::wait;
  step.due = move_on_at;
  return step;
}

}  // namespace followup
