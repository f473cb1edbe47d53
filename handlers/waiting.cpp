// The waiting family: silence after the follow-ups, and the whole sequence at a glance.
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::days;
using std::chrono::hours;

effects handle_ask_no_response(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto found = dates(t, hours(12));
  const auto& tz = zone(t);
  if (found.empty()) {
    // The last contact the user logged stands in for the date they did not give.
    auto picked = select_interview(t, true);
    if (!picked.found) return reply(r.say("advice.no_response.general", t.seed, s));
    const auto& i = *picked.found;
    if (i.decision_by && *i.decision_by >= today(t)) {
      auto when = format_relative(local_instant(t, *i.decision_by, hours(12)), t.now, tz, false);
      return reply(r.say("advice.no_response.wait_for_date", t.seed, with(s, {{"when", when}})));
    }
    mentioned_date last;
    last.at = i.last_contact();
    last.day = local_day(tz, last.at);
    found.push_back(last);
  }
  const auto& d = found.front();
  const auto now_day = today(t);
  const auto wait = days(threshold(t, "move_on_after_days"));
  // A day still ahead is a promised decision date: wait for it before counting the week.
  if (d.day > now_day) {
    auto when = format_relative(d.at, t.now, tz, d.has_time());
    return reply(r.say("advice.no_response.wait_for_date", t.seed, with(s, {{"when", when}})));
  }
  auto when = format_relative(d.at, t.now, tz, false);
  auto since = now_day - d.day;
  if (since >= wait) {
    auto elapsed = duration_phrase(t, std::chrono::duration_cast<std::chrono::minutes>(since));
    return reply(r.say("advice.no_response.move_on", t.seed,
                       with(s, {{"when", when}, {"elapsed", elapsed}})));
  }
  auto move_on_day = format_day(local_instant(t, d.day + wait, hours(12)), tz);
  return reply(r.say("advice.no_response.wait", t.seed,
                     with(s, {{"when", when}, {"move_on_day", move_on_day}})));
}

effects handle_ask_general(const turn& t) {
  return reply(t.rules_data.say("advice.general.overview", t.seed, base_slots(t)));
}

}  // namespace followup
