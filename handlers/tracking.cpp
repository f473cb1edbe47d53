// What users tell the bot about their interviews. Nothing is stored yet (interview tracking is a
// later step), so these answer from the message alone and never claim to have saved anything.
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::hours;

namespace {

constexpr std::chrono::minutes end_of_business = hours(17);

std::string recipients(const turn& t) {
  auto names = people(t);
  return names.empty() ? t.rules_data.say("words.everyone_who_interviewed", t.seed)
                       : list_phrase(t, names);
}

}  // namespace

effects handle_register_interview(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto found = dates(t, hours(12));
  if (found.empty()) return reply(r.say("register_interview.no_date", t.seed, s));
  auto company = entity_text(t, "company");
  auto timing = thank_you_timing_for(t, found.front());
  auto filled = with(s, {{"when", timing.when},
                         {"deadline", timing.deadline},
                         {"recipients", recipients(t)},
                         {"company", company}});
  if (timing.window == thank_you_window::upcoming) {
    return reply(
        join({company.empty() ? "" : r.say("register_interview.cheer_upcoming", t.seed, filled),
              r.say("register_interview.upcoming", t.seed, filled)}));
  }
  const char* key = "register_interview.late";
  if (timing.window == thank_you_window::on_time) key = "register_interview.on_time";
  if (timing.window == thank_you_window::email_only) key = "register_interview.email_only";
  // "Tonight" only fits an interview that was today.
  auto email_when =
      found.front().day == today(t) ? r.say("words.tonight", t.seed) : r.say("words.today", t.seed);
  filled = with(filled, {{"email_when", email_when}});
  return reply(
      join({company.empty() ? "" : r.say("register_interview.cheer_past", t.seed, filled),
            r.say(key, t.seed, filled), r.say("register_interview.cards", t.seed, filled)}));
}

effects handle_log_thank_you(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto channel = entity_text(t, "channel");
  const char* key = "log_thank_you.general";
  if (channel == "email") key = "log_thank_you.email";
  if (channel == "handwritten") key = "log_thank_you.handwritten";
  if (channel == "text" || channel == "social") key = "log_thank_you.too_casual";
  auto names = people(t);
  auto others = names.empty() ? r.say("log_thank_you.everyone", t.seed, s)
                              : r.say("log_thank_you.others_too", t.seed,
                                      with(s, {{"people", list_phrase(t, names)}}));
  return reply(join({r.say(key, t.seed, s), others, r.say("log_thank_you.next_step", t.seed, s)}));
}

effects handle_log_call(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto outcome = entity_text(t, "call_outcome");
  if (outcome == "spoke") return reply(r.say("log_call.spoke", t.seed, s));
  if (outcome != "no_answer" && outcome != "voicemail") {
    return reply(r.say("log_call.ask_outcome", t.seed, s));
  }
  auto count = entity_int(t, "count");
  if (count && *count < 1) count.reset();
  auto opener =
      r.say(outcome == "voicemail" ? "log_call.voicemail_left" : "log_call.no_answer", t.seed, s);
  return reply(
      join({opener, call_again_advice(t, count.value_or(1), count.has_value(), outcome, false)}));
}

effects handle_set_follow_up_date(const turn& t) {
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

effects handle_record_outcome(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto outcome = entity_text(t, "outcome");
  auto company = entity_text(t, "company");
  auto filled = with(s, {{"company", company}});
  if (outcome == "offer") {
    return reply(r.say(company.empty() ? "record_outcome.offer" : "record_outcome.offer_company",
                       t.seed, filled));
  }
  if (outcome == "rejected") return reply(r.say("record_outcome.rejected", t.seed, filled));
  if (outcome == "withdrew") return reply(r.say("record_outcome.withdrew", t.seed, filled));
  if (outcome == "moved_on") return reply(r.say("record_outcome.moved_on", t.seed, filled));
  return reply(r.say("record_outcome.ask", t.seed, filled));
}

effects handle_show_status(const turn& t) {
  return reply(t.rules_data.say("show_status", t.seed, base_slots(t)));
}

effects handle_delete_data(const turn& t) {
  return reply(t.rules_data.say("delete_data", t.seed, base_slots(t)));
}

effects handle_nudge_settings(const turn& t) {
  return reply(t.rules_data.say("nudge_settings", t.seed, base_slots(t)));
}

}  // namespace followup
