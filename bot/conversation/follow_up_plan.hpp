#pragma once
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/conversation/interview.hpp"

namespace date {
class time_zone;
}

namespace followup {
struct rules;

// The etiquette numbers of etiquette.yaml that the plan needs.
struct etiquette_numbers {
  int mail_hours = 48;
  int max_call_backs = 2;
  int move_on_days = 7;
  int call_hour = 10;
  int thank_you_hour = 19;
  int prep_minutes = 60;
  static etiquette_numbers from(const rules& r);
};

enum class step_kind {
  prepare,            // the interview is ahead: the closing question, business cards
  thank_you,          // someone is not thanked yet
  call,               // the day they said to call
  call_back,          // no answer last time, still within the call-back limit
  wait_for_decision,  // they decide by a date; call the next business day if nothing comes
  wait,               // nothing to do until the move-on day
  move_on,            // no reply a week after the last contact
  closed,             // offer, rejection, withdrawn, moved on
};

// The one next thing to do for an interview, and from when.
struct next_step {
  step_kind kind = step_kind::closed;
  sys_time due{};
  std::vector<std::string> people;  // thank_you: who is left; call/call_back: who to call
};

// Pure: what the etiquette says to do next, given the interview and the time. The status
// summary shows it; reminders are planned from the same rules.
next_step plan_next_step(const interview& i, const date::time_zone& tz, sys_time now,
                         const etiquette_numbers& n);

}  // namespace followup
