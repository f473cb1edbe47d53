// The words of each reminder, chosen when it goes out so names and dates are current.
#include <algorithm>

#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

namespace {

// Whether a due reminder still makes sense now.
bool still_relevant(const nudge_record& n, const interview* i, sys_time now) {
  if (!i || !i->open()) return false;
  if (n.kind == "interview_prep") return now < i->at;
  if (n.kind == "thank_you" || n.kind == "thank_you_mail") {
    return i->thank_you_owed();
  }
  return true;
}

// The reminder in full ("text") or as one line of a catch-up message ("line").
std::string words_for(const turn& t, const nudge_record& n, const interview& i, const char* form) {
  const auto& r = t.rules_data;
  const auto& tz = zone(t);
  std::vector<std::string> left;
  for (const auto* p : i.not_thanked()) left.push_back(p->name);
  auto person = first_name(i.who_to_call());
  auto since = std::chrono::floor<std::chrono::days>(t.now - i.last_contact()).count();
  slots s =
      with(base_slots(t),
           {{"company", i.company},
            {"when", format_relative(i.at, t.now, tz, i.at_has_time)},
            {"people", list_phrase(t, left)},
            {"person", person.empty() ? r.say("words.the_recruiter", t.seed) : person},
            {"deadline",
             format_day_time(i.at + std::chrono::hours(threshold(t, "mail_deadline_hours")), tz)},
            {"days", std::to_string(since)}});
  auto key = "nudges." + n.kind + "." + form;
  if (n.kind == "thank_you" && left.empty()) key = std::string("nudges.thank_you_everyone.") + form;
  // The call day that comes because their decision day went by in silence.
  if (n.kind == "call_day" && i.decision_by && (!i.call_on || *i.call_on <= *i.decision_by) &&
      local_day(tz, t.now) > *i.decision_by) {
    key = std::string("nudges.call_after_decision.") + form;
    s.emplace_back("decision_day",
                   format_day(local_instant(t, *i.decision_by, std::chrono::hours(12)), tz));
  }
  auto text = r.say(key, t.seed, s);
  // Before the next interview, what the user said they'd do differently.
  if (n.kind == "interview_prep" && std::string_view(form) == "text") {
    std::vector<std::string> lessons;
    for (const auto& [from, c] : lessons_kept(t.user, 3, i.id)) lessons.push_back(c->note);
    if (!lessons.empty()) {
      std::string list;
      for (const auto& l : lessons) list += "\n• " + l;
      text += "\n\n" + r.say("nudges.lessons_recalled", t.seed, {{"lessons", list}});
    }
  }
  return text;
}

}  // namespace

composed_nudges compose_nudges(const rules& r, const user_state& user,
                               const std::vector<nudge_record>& due, sys_time now) {
  composed_nudges out;
  inbound message;
  message.platform = user.platform;
  message.user_id = user.id;
  understanding meaning;
  std::uint64_t seed = due.empty() ? 0 : static_cast<std::uint64_t>(due.front().id);
  turn t{message, meaning, user, r, now, seed};
  std::vector<std::pair<const nudge_record*, const interview*>> live;
  for (const auto& n : due) {
    const auto* i = find_interview(t, n.interview_id);
    if (still_relevant(n, i, now)) {
      live.emplace_back(&n, i);
    } else {
      out.cancelled.push_back(n.id);
    }
  }
  if (live.size() == 1) {
    out.texts.push_back(words_for(t, *live[0].first, *live[0].second, "text"));
  } else if (live.size() > 1) {
    // Several at once (the bot was down, or they fell together): one message, not a burst.
    std::string text = r.say("nudges.catch_up", seed);
    for (const auto& [n, i] : live) text += "\n• " + words_for(t, *n, *i, "line");
    out.texts.push_back(std::move(text));
  }
  return out;
}

}  // namespace followup
