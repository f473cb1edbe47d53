// The thank-you family: whether, to whom, by which channel, how soon, and whose contacts.
#include "bot/conversation/nlu/text.hpp"
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

// "I'll send", "going to write": what the user means to do, not what they did.
bool says_plan(const turn& t) {
  auto text = " " + nlu::fold_text(t.message.text) + " ";
  for (std::string_view cue : {" i'll ", " i will ", " going to ", " gonna ", " plan to ",
                               " planning to ", " about to ", " i'd like to ", " want to "}) {
    if (text.find(cue) != std::string::npos) return true;
  }
  return false;
}

// "Yes, always", to everyone or to the people named.
std::string who_to_thank(const turn& t, const std::vector<std::string>& names, const slots& s) {
  const auto& r = t.rules_data;
  if (names.empty()) return r.say("advice.thank_you.general", t.seed, s);
  if (names.size() == 1) {
    return r.say("advice.thank_you.named_one", t.seed, with(s, {{"person", names[0]}}));
  }
  return r.say("advice.thank_you.named_many", t.seed, with(s, {{"people", list_phrase(t, names)}}));
}

// How soon, for an interview whose date is known (advice.timing.*).
std::string timing_sentence(const turn& t, const mentioned_date& d, const slots& s) {
  const auto& r = t.rules_data;
  auto timing = thank_you_timing_for(t, d);
  auto filled = with(s, {{"when", timing.when}, {"deadline", timing.deadline}});
  switch (timing.window) {
    case thank_you_window::upcoming:
      return r.say("advice.timing.upcoming", t.seed, filled);
    case thank_you_window::on_time:
      return r.say("advice.timing.on_time", t.seed, filled);
    case thank_you_window::email_only:
      return r.say("advice.timing.email_only", t.seed, filled);
    case thank_you_window::late:
      break;
  }
  return r.say("advice.timing.late", t.seed, filled);
}

// "Jane Smith (by email) and Bob Lee (by email)": who is still owed a thank-you, each with the
// channel to use. Email when the mail window has closed or a decision is near.
std::string owed(const turn& t, const interview& i) {
  const auto& r = t.rules_data;
  auto window = thank_you_timing_for(t, interview_date(t, i)).window;
  bool email_only = window == thank_you_window::email_only || window == thank_you_window::late;
  if (i.decision_by && *i.decision_by - today(t) <= days(threshold(t, "decision_soon_days"))) {
    email_only = true;
  }
  std::vector<std::string> items;
  for (const auto* p : i.not_thanked()) {
    auto channel = p->preferred_channel == "handwritten" && !email_only ? "handwritten" : "email";
    items.push_back(r.say("words.person_via", t.seed,
                          {{"name", p->name}, {"channel", channel_phrase(t, channel)}}));
  }
  return list_phrase(t, items);
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
  // About a tracked interview: who is still owed one, and how soon.
  auto picked = select_interview(t, true);
  if (picked.found && names.empty() && dates(t, default_interview_time).empty()) {
    const auto& i = *picked.found;
    auto left = i.not_thanked();
    if (!i.people.empty() && left.empty()) {
      return reply(
          r.say("advice.thank_you.all_thanked", t.seed, with(s, {{"company", i.company}})));
    }
    for (const auto* p : left) names.push_back(p->name);
    return reply(join({who_to_thank(t, names, s), timing_sentence(t, interview_date(t, i), s)}));
  }
  auto core = who_to_thank(t, names, s);
  return reply(join({core, channel_note(t, s), r.say("advice.thank_you.cards", t.seed, s)}));
}

effects handle_ask_channel(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto channel = entity_text(t, "channel");
  // Never by text or social media, whatever else the message says.
  if (too_casual(channel)) {
    auto picked = select_interview(t, true);
    std::string left;
    if (picked.found && !picked.found->not_thanked().empty()) {
      left =
          r.say("advice.channel.still_to_thank", t.seed,
                with(s, {{"company", picked.found->company}, {"people", owed(t, *picked.found)}}));
    }
    return reply(join({r.say("advice.channel.too_casual", t.seed, s), left}));
  }
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
  if (found.empty()) {
    auto picked = select_interview(t, true);
    if (!picked.found) return reply(r.say("advice.timing.general", t.seed, s));
    found.push_back(interview_date(t, *picked.found));
  }
  const auto& d = found.front();
  // "They decide by Friday": the date is a decision, not the interview.
  if (d.relation == nlu::date_relation::by && !is_past(t, d)) {
    auto when = format_relative(d.at, t.now, zone(t), d.has_time());
    return reply(r.say("advice.timing.decision_by", t.seed, with(s, {{"when", when}})));
  }
  return reply(timing_sentence(t, d, s));
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

namespace followup {

using namespace support;

// "Sent thank-you emails to Jane and Bob": marks them thanked on the interview.
effects handle_log_thank_you(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto channel = entity_text(t, "channel");
  const char* key = "log_thank_you.general";
  if (channel == "email") key = "log_thank_you.email";
  if (channel == "handwritten") key = "log_thank_you.handwritten";
  if (too_casual(channel)) key = "log_thank_you.too_casual";
  auto names = people(t);
  auto picked = select_interview(t, true);
  if (!picked.found) {
    if (!picked.unknown_company.empty()) return no_interview(t, picked);
    if (!picked.options.empty()) return ask_which(t, picked);
    // Nothing tracked to attach it to: praise, and remind about everyone else.
    auto others = names.empty() ? r.say("log_thank_you.everyone", t.seed, s)
                                : r.say("log_thank_you.others_too", t.seed,
                                        with(s, {{"people", list_phrase(t, names)}}));
    return reply(
        join({r.say(key, t.seed, s), others, r.say("log_thank_you.next_step", t.seed, s)}));
  }
  interview i = *picked.found;
  // "I'll mail handwritten notes": a plan, not done yet (a reminder to post them follows).
  if (says_plan(t)) {
    if (channel != "handwritten") {
      return reply(r.say("log_thank_you.plan_email", t.seed, with(s, {{"company", i.company}})));
    }
    i.thank_you_plan = "handwritten";
    auto deadline =
        format_day_time(i.at + std::chrono::hours(threshold(t, "mail_deadline_hours")), zone(t));
    return changed(t, i,
                   {r.say("log_thank_you.plan_handwritten", t.seed,
                          with(s, {{"company", i.company}, {"deadline", deadline}}))});
  }
  if (channel == "email" && local_day(zone(t), i.at) != today(t)) key = "log_thank_you.email_later";
  auto thanked = people_mentioned(t, i);
  if (thanked.empty() && names.empty()) {
    // "Sent my thank-yous": everyone not yet thanked.
    for (std::size_t k = 0; k < i.people.size(); ++k) {
      if (!i.people[k].thanked_at) thanked.push_back(k);
    }
  } else {
    // Someone the bot did not know about joins the list.
    for (const auto& n : names) {
      if (n.size() > max_name_length || match_person(i, n)) continue;
      if (i.people.size() >= max_people) break;
      i.people.push_back(person{n, "", "", std::nullopt, ""});
      thanked.push_back(i.people.size() - 1);
    }
  }
  for (auto k : thanked) {
    auto& p = i.people[k];
    p.thanked_at = t.now;
    p.thanked_via = channel;
    log_contact(i, contact{t.now, "thank_you", channel, p.name, ""});
  }
  if (thanked.empty()) log_contact(i, contact{t.now, "thank_you", channel, "", ""});
  if (channel == "handwritten") i.thank_you_plan = "handwritten";

  auto filled = with(s, {{"company", i.company}});
  std::string rest;
  if (!i.not_thanked().empty()) {
    rest = r.say("log_thank_you.still_left", t.seed, with(filled, {{"people", owed(t, i)}}));
  } else if (!i.people.empty()) {
    rest = r.say("log_thank_you.all_done", t.seed, filled);
  } else {
    rest = r.say("log_thank_you.everyone", t.seed, s);
  }
  auto next = i.not_thanked().empty() ? next_step_text(t, i) : std::string();
  return changed(t, i,
                 {join({r.say(key, t.seed, s), rest,
                        next.empty() ? "" : r.say("log.next", t.seed, {{"step", next}})})});
}

}  // namespace followup
