// The thank-you family: whether, to whom, by which channel, how soon, and whose contacts.
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

// Dates without a time of day are taken as midday: for "the interview was yesterday" that is
// the fairest guess at how much of the mail window is left.
constexpr minutes default_interview_time = hours(12);

bool too_casual(std::string_view channel) {
  return channel == "text" || channel == "social";
}

// A date in the message that reads as a decision coming soon: a deadline ("by Friday") or a
// future day, no more than decision_soon_days away. Past dates are the interview, not this.
std::optional<mentioned_date> decision_soon(const turn& t) {
  const auto soon = days(threshold(t, "decision_soon_days"));
  const auto now_day = today(t);
  for (const auto& d : dates(t, default_interview_time)) {
    if (is_past(t, d)) continue;
    bool ahead = d.relation == nlu::date_relation::by || d.day > now_day;
    if (ahead && d.day - now_day <= soon) return d;
  }
  return std::nullopt;
}

// The sentence about the channel the user has in mind, for a thank-you.
std::string channel_note(const turn& t, const slots& s) {
  auto channel = entity_text(t, "channel");
  const char* key = "advice.thank_you.channel_unknown";
  if (channel == "email") key = "advice.thank_you.channel_email";
  if (channel == "handwritten") key = "advice.thank_you.channel_handwritten";
  if (channel == "phone") key = "advice.thank_you.channel_phone";
  if (too_casual(channel)) key = "advice.thank_you.channel_too_casual";
  return t.rules_data.say(key, t.seed, s);
}

}  // namespace

namespace support {

thank_you_timing thank_you_timing_for(const turn& t, const mentioned_date& interview) {
  const auto& tz = zone(t);
  const auto mail = hours(threshold(t, "mail_deadline_hours"));
  const auto late = hours(threshold(t, "thank_you_late_hours"));
  auto deadline_at = interview.at + mail;
  thank_you_timing out;
  // Without a time of day the deadline's hour would be invented, so only the day is named.
  out.deadline =
      interview.has_time() ? format_day_time(deadline_at, tz) : format_day(deadline_at, tz);
  bool ahead = interview.has_time() ? interview.at > t.now : interview.day > today(t);
  if (ahead) {
    out.window = thank_you_window::upcoming;
    out.when = format_relative(interview.at, t.now, tz, interview.has_time());
    return out;
  }
  out.when = ago_phrase(t, interview);
  // An interview earlier today without a time can lie "in the future" at the midday default.
  auto elapsed = t.now > interview.at ? t.now - interview.at : sys_time::duration::zero();
  if (elapsed >= late) {
    out.window = thank_you_window::late;
  } else if (elapsed >= mail) {
    out.window = thank_you_window::email_only;
  } else {
    out.window = thank_you_window::on_time;
  }
  return out;
}

}  // namespace support

effects handle_ask_thank_you(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto names = people(t);
  std::string core;
  if (names.empty()) {
    core = r.say("advice.thank_you.general", t.seed, s);
  } else if (names.size() == 1) {
    core = r.say("advice.thank_you.named_one", t.seed, with(s, {{"person", names[0]}}));
  } else {
    core =
        r.say("advice.thank_you.named_many", t.seed, with(s, {{"people", list_phrase(t, names)}}));
  }
  return reply(join({core, channel_note(t, s), r.say("advice.thank_you.cards", t.seed, s)}));
}

effects handle_ask_channel(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto channel = entity_text(t, "channel");
  // Never by text or social media, whatever else the message says.
  if (too_casual(channel)) return reply(r.say("advice.channel.too_casual", t.seed, s));
  if (auto d = decision_soon(t)) {
    auto when = format_relative(d->at, t.now, zone(t), d->has_time());
    return reply(r.say("advice.channel.decision_soon", t.seed, with(s, {{"when", when}})));
  }
  if (channel == "phone") return reply(r.say("advice.channel.phone", t.seed, s));
  if (channel == "email") return reply(r.say("advice.channel.email", t.seed, s));
  if (channel == "handwritten") return reply(r.say("advice.channel.handwritten", t.seed, s));
  return reply(r.say("advice.channel.general", t.seed, s));
}

effects handle_ask_timing(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto found = dates(t, default_interview_time);
  if (found.empty()) return reply(r.say("advice.timing.general", t.seed, s));
  const auto& d = found.front();
  // "They decide by Friday": the date is a decision, not the interview.
  if (d.relation == nlu::date_relation::by && !is_past(t, d)) {
    auto when = format_relative(d.at, t.now, zone(t), d.has_time());
    return reply(r.say("advice.timing.decision_by", t.seed, with(s, {{"when", when}})));
  }
  auto timing = thank_you_timing_for(t, d);
  auto filled = with(s, {{"when", timing.when}, {"deadline", timing.deadline}});
  switch (timing.window) {
    case thank_you_window::upcoming:
      return reply(r.say("advice.timing.upcoming", t.seed, filled));
    case thank_you_window::on_time:
      return reply(r.say("advice.timing.on_time", t.seed, filled));
    case thank_you_window::email_only:
      return reply(r.say("advice.timing.email_only", t.seed, filled));
    case thank_you_window::late:
      break;
  }
  return reply(r.say("advice.timing.late", t.seed, filled));
}

effects handle_ask_contacts(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto names = people(t);
  if (names.empty()) return reply(r.say("advice.contacts.general", t.seed, s));
  return reply(
      r.say("advice.contacts.named", t.seed, with(s, {{"people", list_phrase(t, names)}})));
}

}  // namespace followup
