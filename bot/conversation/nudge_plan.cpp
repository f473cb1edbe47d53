#include "bot/conversation/nudge_plan.hpp"

#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"

namespace followup {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

sys_time outside_quiet_hours(sys_time t, const date::time_zone& tz, const user_settings& s) {
  const auto start = minutes(s.quiet_start_minutes), end = minutes(s.quiet_end_minutes);
  if (start == end) return t;
  auto day = local_day(tz, t);
  auto tod = local_time_of_day(tz, t);
  bool wraps = start > end;  // 21:00-08:00 spans midnight
  bool quiet = wraps ? (tod >= start || tod < end) : (tod >= start && tod < end);
  if (!quiet) return t;
  // The end of this quiet stretch: later today, or tomorrow morning when it wraps.
  auto end_day = (wraps && tod >= start) ? day + days(1) : day;
  return local_instant(tz, end_day, end);
}

std::vector<planned_nudge> plan_nudges(const user_state& user, const etiquette_numbers& n) {
  std::vector<planned_nudge> out;
  if (!user.settings.nudges_on) return out;
  const auto* tz = nlu::find_zone(user.timezone);
  if (!tz) tz = nlu::find_zone("UTC");
  if (!tz) return out;
  // Day reminders (calls, moving on) at the user's chosen time, else the etiquette's hour.
  const auto day_time = minutes(user.settings.remind_minutes.value_or(n.call_hour * 60));

  for (const auto& i : user.interviews) {
    if (!i.open()) continue;
    // An earlier round's calls and waiting gave way to the next round's; a thank-you it is
    // still owed stands.
    const bool earlier_round = superseded(user.interviews, i);
    const auto interview_day = local_day(*tz, i.at);
    auto add = [&](std::string_view kind, sys_time due) {
      if (earlier_round && !kind.starts_with("thank_you")) return;
      due = outside_quiet_hours(due, *tz, user.settings);
      if (i.snoozed_until) {
        auto wake =
            outside_quiet_hours(local_instant(*tz, *i.snoozed_until, day_time), *tz, user.settings);
        if (due < wake) due = wake;
      }
      out.push_back(planned_nudge{i.id, std::string(kind), due});
    };

    if (i.status == interview_status::scheduled) {
      // Before the interview: the closing question and business cards. Not moved for quiet
      // hours past the interview itself.
      auto due = i.at - minutes(n.prep_minutes);
      auto moved = outside_quiet_hours(due, *tz, user.settings);
      if (moved < i.at) out.push_back(planned_nudge{i.id, "interview_prep", moved});
    }

    bool owed = i.thank_you_owed();
    if (owed && i.thank_you_plan != "handwritten") {
      // The evening of the interview day; a late interview gets it a little after.
      auto due = local_instant(*tz, interview_day, hours(n.thank_you_hour));
      if (i.at + hours(1) > due) due = i.at + hours(2);
      add("thank_you", due);
    }
    if (owed && i.thank_you_plan == "handwritten") {
      // Half-way to the mail deadline: time to post it.
      add("thank_you_mail", i.at + hours(n.mail_hours) / 2);
    }

    const auto* last = i.last_call();
    bool call_planned = false;
    if (i.call_on) {
      auto call_day = business_day_on_or_after(*i.call_on);
      bool called = last && local_day(*tz, last->at) >= call_day;
      if (!called) {
        add("call_day", local_instant(*tz, call_day, day_time));
        call_planned = true;
      }
    }
    // They were to decide by a day and nothing came: call the next business day (the seed:
    // ask when they will decide, and follow up then).
    if (i.decision_by && !call_planned && (!i.call_on || *i.call_on <= *i.decision_by)) {
      bool called_after = last && local_day(*tz, last->at) > *i.decision_by;
      if (!called_after) {
        add("call_day", local_instant(*tz, next_business_day(*i.decision_by), day_time));
      }
    }
    if (last && i.unanswered > 0 && i.unanswered <= n.max_call_backs) {
      add("call_back", local_instant(*tz, next_business_day(local_day(*tz, last->at)), day_time));
    }
    // A week of silence after the last contact (the interview itself counts as one); a call
    // day or decision day still ahead is a contact to come, so the week counts from there.
    auto last_day = local_day(*tz, i.last_contact());
    if (i.call_on) last_day = std::max(last_day, business_day_on_or_after(*i.call_on));
    if (i.decision_by) last_day = std::max(last_day, *i.decision_by);
    add("move_on", local_instant(*tz, last_day + days(n.move_on_days), day_time));
  }
  return out;
}

}  // namespace followup
