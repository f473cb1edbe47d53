// The calling family: the first call, call-backs, voicemails, and the question that earns a call.
#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::days;
using std::chrono::local_days;
using std::chrono::minutes;

namespace {

// The first date in the message that is today or later.
std::optional<mentioned_date> first_coming_date(const turn& t) {
  for (const auto& d : dates(t, call_time_of_day(t))) {
    if (!is_past(t, d)) return d;
  }
  return std::nullopt;
}

// The day the message is about for a call: a call or decision date still ahead ("ring her
// tomorrow", "they decide by Friday"), not the day it is ("it's Thursday now").
std::optional<mentioned_date> coming_call_date(const turn& t) {
  for (const auto& d : dates(t, call_time_of_day(t))) {
    if (is_past(t, d) || (d.role && *d.role == nlu::date_role::interview)) continue;
    return d;
  }
  return std::nullopt;
}

// "she said call me Thursday" (their words) rather than "should I ring her tomorrow?" (the
// user's own plan).
bool they_said(const turn& t) {
  auto text = " " + nlu::fold_text(t.message.text) + " ";
  for (std::string_view w : {" said ", " says ", " told me", " asked me", " wants me", " mentioned",
                             " suggested", " invited me", " promised"}) {
    if (text.find(w) != std::string::npos) return true;
  }
  return false;
}

std::optional<mentioned_date> first_past_date(const turn& t) {
  for (const auto& d : dates(t, call_time_of_day(t))) {
    if (is_past(t, d)) return d;
  }
  return std::nullopt;
}

// "today", or "tomorrow at 10:00 AM" / "on Monday at 10:00 AM": the next good moment to call,
// a business day after the last try (today's date when the user gave none).
std::string next_try(const turn& t, std::optional<local_days> last_try) {
  const auto now_day = today(t);
  if (!last_try) {
    if (auto last = first_past_date(t)) last_try = last->day;
  }
  auto day = next_business_day(last_try.value_or(now_day));
  if (day < now_day) day = is_business_day(now_day) ? now_day : next_business_day(now_day);
  const auto& tz = zone(t);
  if (day == now_day) return format_relative(t.now, t.now, tz, false);
  return format_relative(local_instant(t, day, call_time_of_day(t)), t.now, tz, true);
}

}  // namespace

namespace support {

std::string call_again_advice(const turn& t, int calls, bool count_known,
                              std::string_view call_outcome, bool answers_question,
                              std::optional<local_days> last_try) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  const int max_call_backs = threshold(t, "max_call_backs");
  // The next call would be call-back number `calls`; past the limit it stops helping.
  if (calls > max_call_backs) {
    return join(
        {answers_question ? r.say("advice.call_again.no", t.seed, s) : "",
         r.say("advice.call_again.stop", t.seed, with(s, {{"calls", times_phrase(t, calls)}}))});
  }
  const char* key = calls == 1   ? "advice.call_again.first_call_back"
                    : calls == 2 ? "advice.call_again.second_call_back"
                                 : "advice.call_again.another_call_back";
  auto advice = r.say(key, t.seed, with(s, {{"next_try", next_try(t, last_try)}}));
  return join({
      answers_question ? r.say("advice.call_again.yes", t.seed, s) : "",
      advice,
      calls == max_call_backs ? r.say("advice.call_again.last_one", t.seed, s) : "",
      call_outcome == "voicemail" ? "" : r.say("advice.call_again.leave_message", t.seed, s),
      count_known ? "" : r.say("advice.call_again.assumed_first", t.seed, s),
  });
}

}  // namespace support

effects handle_ask_call(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto d = coming_call_date(t);
  const auto& tz = zone(t);
  auto picked = select_interview(t, true);
  const interview* known = picked.found;
  if (!d && known && known->call_on && *known->call_on >= today(t)) {
    // The day they gave, as the user told it before.
    mentioned_date on;
    on.day = *known->call_on;
    on.at = local_instant(t, on.day, call_time_of_day(t));
    d = on;
  } else if (!d && known && known->decision_by && *known->decision_by >= today(t)) {
    mentioned_date by;
    by.day = *known->decision_by;
    by.relation = nlu::date_relation::by;
    by.at = local_instant(t, by.day, call_time_of_day(t));
    d = by;
  }
  if (!d) return reply(r.say("advice.call.general", t.seed, s));
  // "Should I ring her tomorrow?" while they said they'd decide by Friday: after Friday.
  if (d->relation != nlu::date_relation::by && !they_said(t) && known && known->decision_by &&
      d->day <= *known->decision_by) {
    mentioned_date by;
    by.day = *known->decision_by;
    by.relation = nlu::date_relation::by;
    by.at = local_instant(t, by.day, call_time_of_day(t));
    d = by;
  }
  // Their own time beats the default morning slot.
  auto call_time = d->has_time() ? format_time(d->at, tz)
                                 : format_time(local_instant(t, d->day, call_time_of_day(t)), tz);
  if (d->relation == nlu::date_relation::by) {
    // "They decide by Friday": the call belongs to the next business day after it.
    auto after = next_business_day(d->day);
    return reply(
        r.say("advice.call.after_decision", t.seed,
              with(s, {{"date", format_day(d->at, tz)},
                       {"next_day", format_relative(local_instant(t, after, call_time_of_day(t)),
                                                    t.now, tz, false)}})));
  }
  auto filled = with(
      s,
      {{"call_time", call_time}, {"day", day_phrase(t, d->at)}, {"date", format_day(d->at, tz)}});
  if (!is_business_day(d->day)) {
    auto after_weekend = next_business_day(d->day);
    auto next_day =
        format_relative(local_instant(t, after_weekend, call_time_of_day(t)), t.now, tz, false);
    return reply(r.say("advice.call.weekend", t.seed, with(filled, {{"next_day", next_day}})));
  }
  // The user's own plan ("ring her tomorrow?") rather than the day they were given.
  const bool given = they_said(t) || (known && known->call_on && *known->call_on == d->day);
  return reply(r.say(given ? "advice.call.on_day" : "advice.call.proposed", t.seed, filled));
}

effects handle_ask_call_again(const turn& t) {
  const auto& r = t.rules_data;
  auto outcome = entity_text(t, "call_outcome");
  if (outcome == "spoke") return reply(r.say("advice.call_again.spoke", t.seed, base_slots(t)));
  auto count = entity_int(t, "count");
  if (count && *count < 1) count.reset();
  // The calls the user logged answer "how many?" when the message does not.
  auto picked = select_interview(t, true);
  if (!count && picked.found && picked.found->calls > 0) {
    const auto& i = *picked.found;
    const auto* last = i.last_call();
    if (i.unanswered == 0) return reply(r.say("advice.call_again.spoke", t.seed, base_slots(t)));
    if (i.unanswered > threshold(t, "max_call_backs")) {
      // Past the limit: no, and the day to let it go.
      auto move_on = i.last_contact() + days(threshold(t, "move_on_after_days"));
      return reply(join({r.say("advice.call_again.no", t.seed, base_slots(t)),
                         r.say("advice.call_again.move_on_day", t.seed,
                               with(base_slots(t), {{"date", format_day(move_on, zone(t))},
                                                    {"company", i.company},
                                                    {"calls", times_phrase(t, i.unanswered)}}))}));
    }
    std::optional<local_days> last_day;
    if (last) last_day = local_day(zone(t), last->at);
    return reply(
        call_again_advice(t, i.unanswered, true, last ? last->outcome : "", true, last_day));
  }
  // Neither how many calls nor how they went: the rule itself, and what would sharpen it.
  if (!count && outcome.empty())
    return reply(r.say("advice.call_again.rule", t.seed, base_slots(t)));
  return reply(call_again_advice(t, count.value_or(1), count.has_value(), outcome, true));
}

effects handle_ask_voicemail(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto names = people(t);
  auto company = entity_text(t, "company");
  auto role = entity_text(t, "role");
  auto name = t.message.user_name.empty() ? r.say("advice.voicemail.name_unknown", t.seed)
                                          : t.message.user_name;
  auto greeting = names.empty() ? r.say("advice.voicemail.greeting_generic", t.seed)
                                : r.say("advice.voicemail.greeting_person", t.seed,
                                        {{"person", first_name(names.front())}});
  slots about{{"company", company}, {"role", role}};
  std::string subject;
  if (!company.empty() && !role.empty()) {
    subject = r.say("advice.voicemail.subject_role_company", t.seed, about);
  } else if (!company.empty()) {
    subject = r.say("advice.voicemail.subject_company", t.seed, about);
  } else if (!role.empty()) {
    subject = r.say("advice.voicemail.subject_role", t.seed, about);
  } else {
    subject = r.say("advice.voicemail.subject_generic", t.seed);
  }
  auto interview = first_past_date(t);
  auto when = interview ? r.say("advice.voicemail.when_known", t.seed,
                                {{"day", format_day(interview->at, zone(t))}})
                        : r.say("advice.voicemail.when_unknown", t.seed);
  return reply(r.say(
      "advice.voicemail.script", t.seed,
      with(s, {{"greeting", greeting}, {"name", name}, {"subject", subject}, {"when", when}})));
}

effects handle_ask_closing_question(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  // An interview still ahead gets the question framed for that day.
  if (auto d = first_coming_date(t)) {
    auto when = format_relative(d->at, t.now, zone(t), d->has_time());
    return reply(r.say("advice.closing_question.upcoming", t.seed, with(s, {{"when", when}})));
  }
  return reply(r.say("advice.closing_question.general", t.seed, s));
}

namespace {
constexpr std::chrono::minutes end_of_business = std::chrono::hours(17);
effects follow_up_date_advice(const turn& t);
}  // namespace

effects handle_log_call(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto outcome = entity_text(t, "call_outcome");
  if (outcome != "spoke" && outcome != "no_answer" && outcome != "voicemail") {
    return reply(r.say("log_call.ask_outcome", t.seed, s));
  }
  // "Called twice": how many calls this message reports (one unless it says).
  int n = 1;
  bool count_known = false;
  if (auto c = entity_int(t, "count"); c && *c >= 1 && *c <= 20) {
    n = *c;
    count_known = true;
  }
  auto picked = select_interview(t, true);
  if (!picked.found) {
    if (!picked.unknown_company.empty()) return no_interview(t, picked);
    if (!picked.options.empty()) return ask_which(t, picked);
    // Nothing tracked: advice from the message alone.
    if (outcome == "spoke") return reply(r.say("log_call.spoke", t.seed, s));
    auto opener =
        r.say(outcome == "voicemail" ? "log_call.voicemail_left" : "log_call.no_answer", t.seed, s);
    return reply(join({opener, call_again_advice(t, n, count_known, outcome, false)}));
  }
  interview i = *picked.found;
  std::string with_whom;
  if (auto named = people_mentioned(t, i); !named.empty()) with_whom = i.people[named.front()].name;
  i.calls += n;
  if (outcome == "voicemail") i.voicemails += 1;
  i.unanswered = outcome == "spoke" ? 0 : i.unanswered + n;
  log_contact(i, contact{t.now, "call", outcome, with_whom, ""});
  if (outcome == "spoke") {
    auto next = next_step_text(t, i);
    return changed(t, i,
                   {join({r.say("log_call.spoke", t.seed, s),
                          next.empty() ? "" : r.say("log.next", t.seed, {{"step", next}})})});
  }
  auto opener =
      r.say(outcome == "voicemail" ? "log_call.voicemail_left" : "log_call.no_answer", t.seed, s);
  auto tally = r.say("log_call.tally", t.seed,
                     {{"company", i.company}, {"calls", times_phrase(t, i.unanswered)}});
  return changed(t, i,
                 {join({opener, tally, call_again_advice(t, i.unanswered, true, outcome, false)})});
}

effects handle_set_follow_up_date(const turn& t) {
  auto fx = follow_up_date_advice(t);
  auto found = dates(t, call_time_of_day(t));
  if (found.empty() || found.front().day < today(t)) return fx;
  auto picked = select_interview(t, true);
  if (!picked.found) {
    if (!picked.unknown_company.empty()) return no_interview(t, picked);
    if (!picked.options.empty()) return ask_which(t, picked);
    return fx;
  }
  // "They'll decide by Friday" is a decision date; "call me Monday" a day to call; "they want to
  // decide by the 14th and said I could check in on the 16th" both.
  interview i = *picked.found;
  bool decision_set = false, call_set = false;
  for (const auto& m : found) {
    if (m.day < today(t)) continue;
    const bool decision =
        m.role ? *m.role == nlu::date_role::decision : m.relation == nlu::date_relation::by;
    if (decision && !decision_set) {
      i.decision_by = m.day;
      decision_set = true;
    } else if (!decision && !call_set) {
      i.call_on = m.day;
      call_set = true;
    }
  }
  auto note = t.message.text.size() > 200 ? std::string() : t.message.text;
  log_contact(i, contact{t.now, "recruiter_said", "", "", note});
  fx.replies.back() = join({fx.replies.back(), t.rules_data.say("set_follow_up_date.saved", t.seed,
                                                                {{"company", i.company}})});
  return changed(t, i, std::move(fx.replies));
}

namespace {
effects follow_up_date_advice(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto found = dates(t, call_time_of_day(t));
  if (found.empty()) return reply(r.say("set_follow_up_date.no_date", t.seed, s));
  const auto& d = found.front();
  const auto& tz = zone(t);
  auto morning = [&](std::chrono::local_days day) {
    return local_instant(t, day, call_time_of_day(t));
  };
  auto filled = with(
      s, {{"day", day_phrase(t, d.at)},
          {"date", format_day(d.at, tz)},
          {"call_time", d.has_time() ? format_time(d.at, tz) : format_time(morning(d.day), tz)}});
  if (d.relation == nlu::date_relation::by) {
    auto after = next_business_day(d.day);
    return reply(
        r.say("set_follow_up_date.decision_by", t.seed,
              with(filled, {{"next_day", format_relative(morning(after), t.now, tz, false)}})));
  }
  if (d.day < today(t)) {
    // The day they named is behind us: today if business hours are not over, else the next
    // business day.
    auto now_day = today(t);
    bool call_today =
        is_business_day(now_day) && t.now < local_instant(t, now_day, end_of_business);
    auto next = call_today ? now_day : next_business_day(now_day);
    return reply(
        r.say("set_follow_up_date.past", t.seed,
              with(filled, {{"next_day", format_relative(morning(next), t.now, tz, false)}})));
  }
  if (!is_business_day(d.day)) {
    auto next = next_business_day(d.day);
    return reply(
        r.say("set_follow_up_date.weekend", t.seed,
              with(filled, {{"next_day", format_relative(morning(next), t.now, tz, false)}})));
  }
  return reply(r.say("set_follow_up_date.call_on", t.seed, filled));
}
}  // namespace

}  // namespace followup
