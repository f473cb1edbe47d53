// The user's preferences: reminders on or off, and where they are (their time zone).
#include <algorithm>
#include <regex>

#include "bot/conversation/nlu/normalize.hpp"
#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

namespace {

std::string hhmm(const turn& t, int minutes) {
  auto at = local_instant(t, today(t), std::chrono::minutes(minutes));
  return format_time(at, zone(t));
}

bool says_any(const std::string& padded, std::initializer_list<std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view p) {
    return padded.find(" " + std::string(p) + " ") != std::string::npos;
  });
}

std::string padded_tokens(const turn& t) {
  std::string padded = " ";
  for (const auto& tok : nlu::tokenize(t.message.text, t.rules_data.abbreviations)) {
    padded += tok + " ";
  }
  return padded;
}

slots settings_slots(const turn& t, const user_settings& s, const std::string& zone_name) {
  const auto& r = t.rules_data;
  return {
      {"zone", zone_name},
      {"reminders", r.say(s.nudges_on ? "words.on" : "words.off", t.seed)},
      {"quiet_from", hhmm(t, s.quiet_start_minutes)},
      {"quiet_until", hhmm(t, s.quiet_end_minutes)},
      {"remind_time", hhmm(t, s.remind_minutes.value_or(threshold(t, "call_nudge_hour") * 60))}};
}

// Clock times in the message, after a word that introduces one ("at 9", "from 10pm",
// "before 8:30am", "until 7"): minutes after midnight, with the word.
struct clock_time {
  std::string word;
  int minutes;
};
std::vector<clock_time> clock_times(const std::string& text) {
  static const std::regex time_re(
      R"(\b(at|from|to|until|till|before|after|-)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)",
      std::regex::icase);
  std::vector<clock_time> out;
  auto low = nlu::fold_text(text.substr(0, 500));
  for (auto it = std::sregex_iterator(low.begin(), low.end(), time_re);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    int h = std::stoi(m[2].str());
    int mi = m[3].matched ? std::stoi(m[3].str()) : 0;
    auto suffix = m[4].str();
    if (h > 23 || mi > 59) continue;
    if (!suffix.empty() && h > 12) continue;
    if (!suffix.empty() && suffix[0] == 'p' && h < 12) h += 12;
    if (!suffix.empty() && suffix[0] == 'a' && h == 12) h = 0;
    out.push_back(clock_time{m[1].str(), h * 60 + mi});
  }
  return out;
}

}  // namespace

effects handle_show_settings(const turn& t) {
  return reply(t.rules_data.say("settings.show", t.seed,
                                settings_slots(t, t.user.settings, t.user.timezone)));
}

effects handle_nudge_settings(const turn& t) {
  const auto& r = t.rules_data;
  auto padded = padded_tokens(t);
  auto times = clock_times(t.message.text);

  // "snooze Acme until Monday": one interview's reminders wait.
  if (says_any(padded, {"snooze", "pause", "hold off", "postpone"})) {
    auto picked = select_interview(t, true);
    auto found = dates(t, std::chrono::hours(9));
    if (picked.found && !found.empty() && found.front().day > today(t)) {
      interview i = *picked.found;
      i.snoozed_until = found.front().day;
      return changed(
          t, i,
          {r.say("settings.snoozed", t.seed,
                 {{"company", i.company}, {"date", format_day(found.front().at, zone(t))}})});
    }
    if (auto missing = unresolved(t, picked)) return *missing;
    if (found.empty())
      return reply(r.say("settings.snooze_when", t.seed, {{"company", picked.found->company}}));
  }
  // "quiet hours 10pm to 7am", "no reminders after 8pm", "not before 9am".
  if (says_any(padded, {"quiet", "after", "before"}) && !times.empty() &&
      !says_any(padded, {"remind me at"})) {
    auto s = t.user.settings;
    for (const auto& ct : times) {
      if (ct.word == "after" || ct.word == "from") s.quiet_start_minutes = ct.minutes;
      if (ct.word == "before" || ct.word == "to" || ct.word == "until" || ct.word == "till" ||
          ct.word == "-") {
        s.quiet_end_minutes = ct.minutes;
      }
    }
    effects fx =
        reply(r.say("settings.quiet_hours", t.seed, settings_slots(t, s, t.user.timezone)));
    fx.settings = s;
    return fx;
  }
  // "remind me at 9 instead": the hour for day reminders.
  if (!times.empty() && says_any(padded, {"remind", "reminders", "at"})) {
    auto s = t.user.settings;
    s.remind_minutes = times.front().minutes;
    effects fx = reply(r.say("settings.remind_at", t.seed, {{"time", hhmm(t, *s.remind_minutes)}}));
    fx.settings = s;
    return fx;
  }
  bool off = says_any(padded, {"stop", "off", "pause", "disable", "mute", "unsubscribe", "no more",
                               "do not remind", "do not send", "quiet", "silence"});
  bool on = says_any(padded, {"on", "resume", "start", "enable", "restart", "back on", "unmute"});
  auto s = t.user.settings;
  if (off == on) return handle_show_settings(t);
  s.nudges_on = on;
  effects fx = reply(r.say(on ? "settings.nudges_on" : "settings.nudges_off", t.seed,
                           settings_slots(t, s, t.user.timezone)));
  fx.settings = s;
  return fx;
}

effects handle_set_timezone(const turn& t) {
  const auto& r = t.rules_data;
  auto name = entity_text(t, "timezone");
  const auto* new_zone = nlu::find_zone(name);
  if (!new_zone) return reply(r.say("settings.timezone_unknown", t.seed));
  effects fx;
  fx.timezone = name;
  auto s = t.user.settings;
  s.timezone_asked = true;
  fx.settings = s;
  auto conv = conversation_with(t, nullptr);
  // Until the user first says where they are, their times were read in the default zone: keep
  // the wall-clock times they typed ("2pm") and move the instants.
  if (!conv.value("timezone_set", false) && !t.user.interviews.empty()) {
    const auto& old_zone = zone(t);
    auto list = t.user.interviews;
    for (auto& i : list) {
      i.at = local_instant(*new_zone, local_day(old_zone, i.at), local_time_of_day(old_zone, i.at));
    }
    fx.interviews = std::move(list);
  }
  conv["timezone_set"] = true;
  fx.conversation = std::move(conv);
  auto now_there = format_time(t.now, *new_zone);
  fx.replies.push_back(
      r.say("settings.timezone_set", t.seed, {{"zone", name}, {"local_time", now_there}}));
  return fx;
}

}  // namespace followup
