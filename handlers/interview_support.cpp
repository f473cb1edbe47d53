// Finding the interview a message is about, and the small pieces every tracking reply uses.
#include <algorithm>
#include <cctype>

#include "bot/conversation/follow_up_plan.hpp"
#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup::support {

namespace {

// Lower-case words separated by single spaces, padded: " acme corp ".
std::string padded_words(std::string_view text) {
  auto folded = nlu::fold_text(text);
  std::string out = " ";
  for (char c : folded) {
    bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '&';
    if (word) {
      out += c;
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

// Words that say nothing about which company is meant ("Acme Corp" is named by "acme").
bool is_company_suffix(std::string_view w) {
  static constexpr std::string_view words[] = {"inc",  "corp",  "corporation",  "llc", "ltd",
                                               "co",   "group", "company",      "the", "gmbh",
                                               "labs", "lab",   "technologies", "plc", "ag"};
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

// " acme " from "Acme Corp": the words that identify a company in running text.
std::string company_key(std::string_view company) {
  auto padded = padded_words(company);
  std::string key = " ";
  std::size_t pos = 1;
  while (pos < padded.size()) {
    auto end = padded.find(' ', pos);
    auto w = std::string_view(padded).substr(pos, end - pos);
    if (!w.empty() && !is_company_suffix(w)) key.append(w).append(" ");
    pos = end + 1;
  }
  return key.size() > 1 ? key : padded;
}

bool mentions(const std::string& padded_text, const std::string& key) {
  return key.size() > 2 && padded_text.find(key) != std::string::npos;
}

bool same_company(std::string_view a, std::string_view b) {
  auto ka = company_key(a), kb = company_key(b);
  return ka == kb || mentions(ka, kb) || mentions(kb, ka);
}

std::vector<const interview*> candidates(const turn& t, bool open_only) {
  std::vector<const interview*> out;
  for (const auto& i : t.user.interviews) {
    // An earlier round is behind the user: its application goes on in the later one.
    if (!open_only || (i.open() && !superseded(t.user.interviews, i))) out.push_back(&i);
  }
  return out;
}

}  // namespace

const interview* find_interview(const turn& t, int id) {
  for (const auto& i : t.user.interviews) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

std::string first_name(const std::string& full) {
  auto space = full.find(' ');
  if (space == std::string::npos || space == 0 || full[space - 1] == '.') return full;
  return full.substr(0, space);
}

const person* match_person(const interview& i, const std::string& name) {
  auto want = padded_words(name);
  for (const auto& p : i.people) {
    if (padded_words(p.name) == want) return &p;
  }
  // "Jane" for "Jane Smith"
  for (const auto& p : i.people) {
    if (padded_words(first_name(p.name)) == want) return &p;
  }
  return nullptr;
}

namespace {
// `names` (the extracted people) and `text` (the padded message) are read once per message by
// the caller, not once per interview.
std::vector<std::size_t> people_mentioned(const std::vector<std::string>& names,
                                          const std::string& text, const interview& i) {
  std::vector<std::size_t> out;
  auto add = [&](std::size_t k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  for (const auto& n : names) {
    if (const auto* p = match_person(i, n)) add(static_cast<std::size_t>(p - i.people.data()));
  }
  // "sent Jane a note": names the extractor missed, but the bot knows.
  for (std::size_t k = 0; k < i.people.size(); ++k) {
    const auto& p = i.people[k];
    if (mentions(text, padded_words(p.name)) || mentions(text, padded_words(first_name(p.name)))) {
      add(k);
    }
  }
  return out;
}
}  // namespace

std::vector<std::size_t> people_mentioned(const turn& t, const interview& i) {
  return people_mentioned(people(t), padded_words(t.message.text), i);
}

selection select_interview(const turn& t, bool open_only) {
  selection s;
  // After "which one?", the answer pinned it down.
  if (auto id = entity_int(t, "interview_id")) {
    s.found = find_interview(t, *id);
    s.named = true;
    if (s.found) return s;
  }
  auto all = candidates(t, false);
  auto company = entity_text(t, "company");
  if (!company.empty()) {
    std::vector<const interview*> named;
    for (const auto* i : all) {
      if (same_company(i->company, company)) named.push_back(i);
    }
    if (named.size() > 1) {
      // Rounds of one application: the latest, unless the message says which round.
      const auto* latest = &latest_round(t.user.interviews, *named.front());
      bool one_application = std::all_of(named.begin(), named.end(), [&](const interview* i) {
        return i->application_id() == latest->application_id();
      });
      if (one_application) {
        auto said = entity_int(t, "round");
        const interview* pick = latest;
        for (const auto* i : named) {
          if (said && i->round == *said) pick = i;
        }
        s.found = pick;
        s.named = true;
        return s;
      }
      // The open one, when the others are closed.
      std::vector<const interview*> open;
      for (const auto* i : named) {
        if (i->open()) open.push_back(i);
      }
      if (open.size() == 1) named = open;
    }
    if (named.size() == 1) {
      s.found = named.front();
      s.named = true;
      return s;
    }
    if (named.empty()) {
      s.unknown_company = company;
      return s;
    }
    s.options = named;
    return s;
  }
  // "the Globex one": a company named in passing, without "at".
  auto text = padded_words(t.message.text);
  std::vector<const interview*> mentioned;
  for (const auto* i : all) {
    if (mentions(text, company_key(i->company))) mentioned.push_back(i);
  }
  if (mentioned.size() == 1) {
    s.found = mentioned.front();
    s.named = true;
    return s;
  }
  // A person met at exactly one interview.
  {
    std::vector<const interview*> met;
    auto names = people(t);
    for (const auto* i : all) {
      if (!people_mentioned(names, text, *i).empty()) met.push_back(i);
    }
    if (met.size() == 1) {
      s.found = met.front();
      s.named = true;
      return s;
    }
  }
  auto open = candidates(t, true);
  auto pool = open_only || !open.empty() ? open : all;
  if (!mentioned.empty()) pool = mentioned;
  if (pool.size() == 1) {
    s.found = pool.front();
  } else {
    s.options = pool;
  }
  return s;
}

std::string interview_label(const turn& t, const interview& i) {
  // Rounds of one application are told apart by their number.
  bool rounds = i.round > 1 || superseded(t.user.interviews, i);
  if (rounds) {
    return t.rules_data.say("interviews.label_round", t.seed,
                            {{"company", i.company}, {"round", std::to_string(i.round)}});
  }
  int same = 0;
  for (const auto& other : t.user.interviews) {
    if (same_company(other.company, i.company)) ++same;
  }
  if (same > 1) {
    auto when = format_day(i.at, zone(t));
    auto extra = i.role.empty() ? when : i.role;
    return t.rules_data.say("interviews.label_detail", t.seed,
                            {{"company", i.company}, {"detail", extra}});
  }
  return i.company;
}

effects ask_which(const turn& t, const selection& s) {
  std::vector<std::string> labels;
  for (const auto* i : s.options) labels.push_back(interview_label(t, *i));
  auto options = or_phrase(t, labels);
  nlohmann::json pending{{"kind", "which"},
                         {"intent", t.meaning.intent},
                         {"entities", t.meaning.entities},
                         {"text", t.message.text.substr(0, 1000)}};
  effects fx = reply(t.rules_data.say("interviews.which", t.seed, {{"options", options}}));
  fx.conversation = conversation_with(t, std::move(pending));
  return fx;
}

effects no_interview(const turn& t, const selection& s) {
  const auto& r = t.rules_data;
  if (t.user.interviews.empty()) return reply(r.say("interviews.none_yet", t.seed));
  std::vector<std::string> labels;
  for (const auto& i : t.user.interviews) labels.push_back(interview_label(t, i));
  slots v{{"company", s.unknown_company}, {"list", list_phrase(t, labels)}};
  if (!s.unknown_company.empty()) return reply(r.say("interviews.unknown_company", t.seed, v));
  return reply(r.say("interviews.none_open", t.seed, v));
}

std::optional<effects> unresolved(const turn& t, const selection& s) {
  if (s.found) return std::nullopt;
  if (!s.options.empty() && s.unknown_company.empty()) return ask_which(t, s);
  return no_interview(t, s);
}

nlohmann::json conversation_with(const turn& t, nlohmann::json pending,
                                 std::optional<int> last_interview) {
  auto conv = t.user.conversation.is_object() ? t.user.conversation : nlohmann::json::object();
  if (pending.is_null()) {
    conv.erase("pending");
  } else {
    conv["pending"] = std::move(pending);
  }
  if (last_interview) conv["last_interview"] = *last_interview;
  return conv;
}

effects changed(const turn& t, interview updated, std::vector<std::string> replies) {
  effects fx;
  fx.replies = std::move(replies);
  auto list = t.user.interviews;
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const interview& i) { return i.id == updated.id; });
  int id = updated.id;
  if (it == list.end()) {
    list.push_back(std::move(updated));
  } else {
    *it = std::move(updated);
  }
  fx.interviews = std::move(list);
  fx.conversation = conversation_with(t, nullptr, id);
  return fx;
}

mentioned_date interview_date(const turn& t, const interview& i) {
  mentioned_date d;
  const auto& tz = zone(t);
  d.day = local_day(tz, i.at);
  if (i.at_has_time) d.time_of_day = local_time_of_day(tz, i.at);
  d.at = i.at;
  return d;
}

std::string channel_phrase(const turn& t, const std::string& channel) {
  auto key = "words.channel." + (channel.empty() ? std::string("email") : channel);
  if (!t.rules_data.has_reply(key)) key = "words.channel.email";
  return t.rules_data.say(key, t.seed);
}

bool names_weekday_only(std::string_view date_text) {
  auto low = nlu::fold_text(date_text);
  static constexpr std::string_view weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static constexpr std::string_view specific[] = {
      "jan", "feb", "mar", "apr",  "may",  "jun",  "jul",      "aug",   "sep",       "oct",
      "nov", "dec", "/",   "next", "last", "this", "tomorrow", "today", "yesterday", "in "};
  bool weekday = std::any_of(std::begin(weekdays), std::end(weekdays),
                             [&](std::string_view w) { return low.find(w) != std::string::npos; });
  bool exact = std::any_of(std::begin(specific), std::end(specific),
                           [&](std::string_view w) { return low.find(w) != std::string::npos; });
  return weekday && !exact;
}

std::string next_step_text(const turn& t, const interview& i) {
  const auto& r = t.rules_data;
  const auto& tz = zone(t);
  auto step = plan_next_step(i, tz, t.now, etiquette_numbers::from(r));
  auto due = step.due <= t.now ? r.say("words.today", t.seed)
                               : format_relative(step.due, t.now, tz, false);
  auto who = step.people.empty() ? std::string() : list_phrase(t, step.people);
  slots v{{"when", due},
          {"date", format_day(std::max(step.due, t.now), tz)},
          {"people", who},
          {"person", who},
          {"company", i.company}};
  switch (step.kind) {
    case step_kind::prepare:
      return r.say("status.step.prepare", t.seed, v);
    case step_kind::thank_you:
      return r.say(who.empty() ? "status.step.thank_you_everyone" : "status.step.thank_you", t.seed,
                   v);
    case step_kind::call:
      return r.say(who.empty() ? "status.step.call_anyone" : "status.step.call", t.seed, v);
    case step_kind::call_back:
      return r.say(who.empty() ? "status.step.call_back_anyone" : "status.step.call_back", t.seed,
                   v);
    case step_kind::wait_for_decision: {
      auto date = format_day(local_instant(t, *i.decision_by, std::chrono::hours(12)), tz);
      return r.say("status.step.wait_for_decision", t.seed, with(v, {{"date", date}}));
    }
    case step_kind::wait:
      return r.say("status.step.wait", t.seed, v);
    case step_kind::move_on:
      return r.say("status.step.move_on", t.seed, v);
    case step_kind::closed:
      break;
  }
  return {};
}

}  // namespace followup::support
