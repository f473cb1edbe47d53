// The user's interviews: registering one from plain words, how it ended, the status overview,
// deletion and export.
#include <algorithm>
#include <cctype>

#include "bot/conversation/export_document.hpp"
#include "bot/conversation/follow_up_plan.hpp"
#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::days;
using std::chrono::hours;

namespace {

// Dates without a time of day are taken as midday (see thank_you.cpp).
constexpr std::chrono::minutes default_interview_time = hours(12);
// Further from today than this, a date is more likely a slip than an interview.
constexpr auto plausible_range = days(366);
// How many times the bot asks where the user is when they let the question go.
constexpr int max_timezone_asks = 2;

std::string clean_name(std::string s) {
  // Collapse runs of spaces and trim; names come from chat, where anything goes.
  std::string out;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool has_any(const std::string& text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

enum class date_use { interview, decision, call };

// What a date in a registration message is about: the reader's role for it ("call me in 4
// days": call; "they'll decide by Friday": decision; "interviewed today": the interview), or,
// for a date saved before roles existed, its relation.
date_use use_of(const mentioned_date& d) {
  if (d.role) {
    switch (*d.role) {
      case nlu::date_role::decision:
        return date_use::decision;
      case nlu::date_role::call:
        return date_use::call;
      case nlu::date_role::interview:
        return date_use::interview;
    }
  }
  if (d.relation == nlu::date_relation::by) return date_use::decision;
  if (d.relation == nlu::date_relation::in) return date_use::call;
  return date_use::interview;
}

std::string when_phrase(const turn& t, const interview& i) {
  return format_relative(i.at, t.now, zone(t), i.at_has_time);
}

std::string person_phrase(const turn& t, const person& p) {
  if (p.title.empty()) return p.name;
  return t.rules_data.say("interviews.summary.person_title", t.seed,
                          {{"name", p.name}, {"title", p.title}});
}

// "Acme (Data Analyst), today at 2:00 PM, with Jane Smith (recruiter); decision by Friday,
// November 27"
std::string summary(const turn& t, const interview& i) {
  const auto& r = t.rules_data;
  const auto& tz = zone(t);
  std::string out = i.role.empty() ? i.company
                                   : r.say("interviews.summary.company_role", t.seed,
                                           {{"company", i.company}, {"role", i.role}});
  if (i.round > 1) {
    out += ", " + r.say("interviews.summary.round", t.seed, {{"round", std::to_string(i.round)}});
  }
  out += ", " + when_phrase(t, i);
  if (!i.people.empty()) {
    std::vector<std::string> names;
    for (const auto& p : i.people) names.push_back(person_phrase(t, p));
    out += ", " + r.say("interviews.summary.with", t.seed, {{"people", list_phrase(t, names)}});
  }
  auto day_text = [&](std::chrono::local_days d) {
    return format_day(local_instant(t, d, default_interview_time), tz);
  };
  if (i.decision_by) {
    out += "; " +
           r.say("interviews.summary.decision_by", t.seed, {{"date", day_text(*i.decision_by)}});
  }
  if (i.call_on) {
    out += "; " + r.say("interviews.summary.call_on", t.seed, {{"date", day_text(*i.call_on)}});
  }
  return out;
}

// The thank-you advice right after registering (the same windows as ask_timing).
std::string next_step_advice(const turn& t, const interview& i) {
  const auto& r = t.rules_data;
  auto names = i.not_thanked();
  std::vector<std::string> left;
  for (const auto* p : names) left.push_back(p->name);
  auto recipients =
      left.empty() ? r.say("words.everyone_who_interviewed", t.seed) : list_phrase(t, left);
  auto d = interview_date(t, i);
  auto timing = thank_you_timing_for(t, d);
  auto filled = with(base_slots(t), {{"when", timing.when},
                                     {"deadline", timing.deadline},
                                     {"recipients", recipients},
                                     {"company", i.company}});
  if (timing.window == thank_you_window::upcoming) {
    return r.say("register_interview.upcoming", t.seed, filled);
  }
  if (i.anyone_thanked() && left.empty()) return "";
  const char* key = "register_interview.late";
  if (timing.window == thank_you_window::on_time) key = "register_interview.on_time";
  if (timing.window == thank_you_window::email_only) key = "register_interview.email_only";
  auto email_when =
      d.day == today(t) ? r.say("words.tonight", t.seed) : r.say("words.today", t.seed);
  return r.say(key, t.seed, with(filled, {{"email_when", email_when}}));
}

// "delete the Initech interview" -> "Initech" (as written); "" when no name is given.
std::string interview_named_in(const std::string& text) {
  auto low = nlu::fold_text(text);
  if (low.size() != text.size()) return {};  // offsets would not line up; leave it
  auto end = low.find(" interview");
  if (end == std::string::npos) return {};
  auto start = low.rfind(' ', end == 0 ? 0 : end - 1);
  // Back over the name's words to "the", "my" or the verb.
  std::size_t from = end;
  while (start != std::string::npos) {
    auto word = low.substr(start + 1, from - start - 1);
    if (word == "the" || word == "my" || word == "delete" || word == "remove" || word == "that" ||
        word == "this" || word == "an" || word == "a" || word == "all" || word == "last" ||
        word == "old" || word == "previous" || word == "first" || word == "that's") {
      break;
    }
    from = start;
    if (start == 0) break;
    start = low.rfind(' ', start - 1);
  }
  if (from >= end) return {};
  auto name =
      text.substr(from + (text[from] == ' ' ? 1 : 0), end - from - (text[from] == ' ' ? 1 : 0));
  return name.size() > max_name_length ? std::string() : name;
}

// Past tense, in this message or the one that started the dialogue.
bool says_past(const turn& t) {
  if (told_as_past(t)) return true;
  auto text = " " + nlu::fold_text(t.message.text) + " ";
  return has_any(text,
                 {" interviewed", " had an interview", " had my interview", " had the interview",
                  " it was ", " went ", " was interviewed", " met with "});
}

// "next week", "last month": times too vague to date, which contradict a precise one.
std::string vague_time(const turn& t) {
  auto text = " " + nlu::fold_text(t.message.text) + " ";
  for (std::string_view phrase : {"next week", "last week", "next month", "last month",
                                  "a few days ago", "the other day", "a while ago"}) {
    if (text.find(phrase) != std::string::npos) return std::string(phrase);
  }
  return {};
}

effects ask_for(const turn& t, const char* missing, const char* key, const slots& values = {}) {
  auto entities = t.meaning.entities;
  if (says_past(t)) entities["tense"] = "past";
  entities.erase("interview_id");
  auto p = nlohmann::json{{"kind", "register"}, {"missing", missing}, {"entities", entities}};
  auto asked = t.user.conversation.is_object() && t.user.conversation.contains("pending")
                   ? t.user.conversation["pending"].value("asked", 0)
                   : 0;
  p["asked"] = asked + 1;
  effects fx = reply(t.rules_data.say(key, t.seed, values));
  fx.conversation = conversation_with(t, std::move(p));
  return fx;
}

int next_id(const std::vector<interview>& list) {
  int id = 0;
  for (const auto& i : list) id = std::max(id, i.id);
  return id + 1;
}

void add_people(const turn& t, interview& i) {
  const auto* list = t.meaning.entities.is_object() && t.meaning.entities.contains("people")
                         ? &t.meaning.entities["people"]
                         : nullptr;
  if (!list || !list->is_array()) return;
  for (const auto& p : *list) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) continue;
    auto name = clean_name(p["name"].get<std::string>());
    if (name.empty() || name.size() > max_name_length) continue;
    auto title = p.contains("title") && p["title"].is_string() ? p["title"].get<std::string>() : "";
    if (title.size() > max_name_length) title.clear();
    if (const auto* known = match_person(i, name)) {
      auto index = static_cast<std::size_t>(known - i.people.data());
      if (!title.empty()) i.people[index].title = title;
      continue;
    }
    if (i.people.size() >= max_people) break;
    i.people.push_back(person{name, title, "", std::nullopt, ""});
  }
}

// How many rounds one application may have.
constexpr int max_rounds = 20;

struct round_plan {
  int round = 2;
  int application = 0;
  int previous = 1;  // the round it follows
  std::string role;
};

// A later round with a company already tracked: "second round at Acme on Tuesday", or a new
// date at a company whose interview is behind the user and still open. The same application,
// the next number (or the one said, when higher).
std::optional<round_plan> later_round(const turn& t, const std::string& company,
                                      const mentioned_date& d) {
  const interview* latest = nullptr;
  auto key = nlu::fold_text(company);
  for (const auto& i : t.user.interviews) {
    if (nlu::fold_text(i.company) != key) continue;
    if (!latest || i.round > latest->round || (i.round == latest->round && i.at > latest->at)) {
      latest = &i;
    }
  }
  if (!latest || local_day(zone(t), latest->at) == d.day) return std::nullopt;
  const auto& e = t.meaning.entities;
  bool said = e.is_object() && e.contains("round") &&
              ((e["round"].is_number_integer() && e["round"].get<int>() > 1) ||
               (e["round"].is_string() && e["round"].get<std::string>() == "next"));
  auto role = clean_name(entity_text(t, "role"));
  bool same_role =
      role.empty() || latest->role.empty() || nlu::fold_text(role) == nlu::fold_text(latest->role);
  bool follows = latest->open() && latest->at < t.now && d.day > local_day(zone(t), latest->at);
  if (!same_role || !(said || follows)) return std::nullopt;
  round_plan p;
  p.previous = latest->round;
  p.round = latest->round + 1;
  if (auto n = entity_int(t, "round"); n && *n > p.round && *n <= max_rounds) p.round = *n;
  if (p.round > max_rounds) return std::nullopt;
  p.application = latest->application_id();
  p.role = role.empty() ? latest->role : role;
  return p;
}

}  // namespace

effects handle_register_interview(const turn& t) {
  const auto& r = t.rules_data;
  auto company = clean_name(entity_text(t, "company"));
  if (company.size() > max_name_length) {
    return ask_for(t, "company", "register_interview.company_too_long");
  }
  if (company.empty()) return ask_for(t, "company", "register_interview.ask_company");

  // Sort the dates out: the interview itself, a decision date, a day to call.
  std::vector<mentioned_date> when;
  std::vector<mentioned_date> decision, call;
  for (const auto& d : dates(t, default_interview_time)) {
    switch (use_of(d)) {
      case date_use::interview:
        when.push_back(d);
        break;
      case date_use::decision:
        decision.push_back(d);
        break;
      case date_use::call:
        call.push_back(d);
        break;
    }
  }
  // "I interviewed ... Monday": a weekday in a past-tense message is the one just gone.
  bool past = says_past(t);
  for (auto& d : when) {
    if (past && names_weekday_only(d.text) && d.day > today(t)) {
      d.day -= days(7);
      d.at -= days(7);
    }
  }
  // Said at the interview, not today: "she told me to call her Wednesday" after a Monday
  // interview is that week's Wednesday, even when it is already behind us.
  std::optional<std::chrono::local_days> decision_by, call_on;
  auto from_interview = [&](const mentioned_date& d) {
    auto day = d.day;
    if (past && !when.empty() && names_weekday_only(d.text) && day - days(7) > when.front().day) {
      day -= days(7);
    }
    return day;
  };
  if (!decision.empty()) decision_by = from_interview(decision.front());
  if (!call.empty()) call_on = from_interview(call.front());
  // "walking out of the Kestrel interview now", "the Brightwater interview is done": today, at
  // this very time; said so in the confirmation, and "no, it was yesterday" corrects it.
  if (when.empty() && (says_just_now(t) || past) && vague_time(t).empty()) {
    mentioned_date now_date;
    now_date.day = today(t);
    now_date.time_of_day =
        std::chrono::floor<std::chrono::minutes>(local_time_of_day(zone(t), t.now));
    now_date.at = std::chrono::floor<std::chrono::minutes>(t.now);
    when.push_back(now_date);
  }
  // "yesterday and next week": a vague second time the date reader does not resolve.
  if (!when.empty()) {
    if (auto vague = vague_time(t); !vague.empty()) {
      auto first =
          when.front().text.empty() ? format_day(when.front().at, zone(t)) : when.front().text;
      return ask_for(t, "date", "register_interview.date_conflict",
                     {{"options", or_phrase(t, {first, vague})}});
    }
  }
  // "Tuesday ... at 2pm" names one moment twice; different days contradict each other.
  if (when.size() > 1) {
    bool same_day = std::all_of(when.begin(), when.end(),
                                [&](const mentioned_date& d) { return d.day == when[0].day; });
    if (!same_day) {
      std::vector<std::string> texts;
      for (const auto& d : when)
        texts.push_back(d.text.empty() ? format_day(d.at, zone(t)) : d.text);
      return ask_for(t, "date", "register_interview.date_conflict",
                     {{"options", or_phrase(t, texts)}});
    }
    auto timed = std::find_if(when.begin(), when.end(),
                              [](const mentioned_date& d) { return d.has_time(); });
    if (timed != when.end()) when = {*timed};
  }
  // Same company, same day: the user is adding to what they told before.
  const interview* existing = nullptr;
  if (!when.empty()) {
    for (const auto& i : t.user.interviews) {
      auto key_a = nlu::fold_text(i.company), key_b = nlu::fold_text(company);
      if (key_a == key_b && local_day(zone(t), i.at) == when.front().day) existing = &i;
    }
  }
  if (when.empty()) {
    return ask_for(t, "date", "register_interview.ask_date", {{"company", company}});
  }
  auto next_round = existing ? std::nullopt : later_round(t, company, when.front());
  const auto& d = when.front();
  if (d.at > t.now + plausible_range || d.at < t.now - plausible_range) {
    return ask_for(t, "date", "register_interview.date_far",
                   {{"date", format_day(d.at, zone(t))}, {"company", company}});
  }
  if (!existing && t.user.interviews.size() >= max_interviews) {
    return reply(
        r.say("register_interview.too_many", t.seed, {{"max", std::to_string(max_interviews)}}));
  }

  interview i = existing ? *existing : interview{};
  if (!existing) {
    i.id = next_id(t.user.interviews);
    i.created_at = t.now;
    if (next_round) {
      i.round = next_round->round;
      i.application = next_round->application;
      i.role = next_round->role;
    } else if (auto said = entity_int(t, "round"); said && *said > 1 && *said <= max_rounds) {
      // "second round at Acme" with the first never told: its number, its own application.
      i.round = *said;
    }
  }
  i.company = company;
  auto role = clean_name(entity_text(t, "role"));
  if (!role.empty() && role.size() <= max_name_length) i.role = role;
  i.at = d.at;
  i.at_has_time = d.has_time();
  bool ahead = d.has_time() ? d.at > t.now : d.day > today(t);
  if (i.open())
    i.status = ahead ? interview_status::scheduled : interview_status::awaiting_decision;
  add_people(t, i);
  auto channel = entity_text(t, "channel");
  if (channel == "email" || channel == "handwritten" || channel == "phone") {
    for (auto& p : i.people) {
      if (p.preferred_channel.empty()) p.preferred_channel = channel;
    }
  }
  if (decision_by) i.decision_by = decision_by;
  if (call_on) i.call_on = call_on;
  keep_note(t, i);

  std::vector<std::string> parts;
  parts.push_back(r.say(existing ? "register_interview.updated" : "register_interview.saved",
                        t.seed, {{"summary", summary(t, i)}}));
  if (next_round) {
    parts.push_back(r.say("register_interview.round_added", t.seed,
                          {{"company", company},
                           {"round", std::to_string(i.round)},
                           {"previous", std::to_string(next_round->previous)}}));
  }
  auto advice = next_step_advice(t, i);
  if (!advice.empty()) parts.push_back(advice);
  if (!ahead && i.people.empty()) parts.push_back(r.say("register_interview.ask_people", t.seed));
  auto fx = changed(t, i, {});
  // The time zone matters from the first dated interview on: ask, and if the user talks about
  // something else instead, ask once more at the next interview.
  if (!t.user.settings.timezone_asked) {
    fx.ask = r.say("register_interview.ask_timezone", t.seed, {{"zone", t.user.timezone}});
    const int asks =
        t.user.conversation.is_object() ? t.user.conversation.value("timezone_asks", 0) + 1 : 1;
    auto conv = conversation_with(t, {{"kind", "timezone"}}, i.id);
    conv["timezone_asks"] = asks;
    fx.conversation = std::move(conv);
    if (asks >= max_timezone_asks) {
      auto settings = t.user.settings;
      settings.timezone_asked = true;
      fx.settings = settings;
    }
  }
  fx.replies = {join(parts)};
  return fx;
}

effects handle_record_outcome(const turn& t) {
  const auto& r = t.rules_data;
  auto s = base_slots(t);
  auto outcome = entity_text(t, "outcome");
  std::optional<interview_status> status;
  if (outcome == "offer") status = interview_status::offer;
  if (outcome == "rejected") status = interview_status::rejected;
  if (outcome == "withdrew") status = interview_status::withdrawn;
  if (outcome == "moved_on") status = interview_status::moved_on;
  if (!status) return reply(r.say("record_outcome.ask", t.seed, s));

  auto picked = select_interview(t, true);
  const char* key = "record_outcome.rejected";
  if (*status == interview_status::offer) key = "record_outcome.offer_company";
  if (*status == interview_status::withdrawn) key = "record_outcome.withdrew";
  if (*status == interview_status::moved_on) key = "record_outcome.moved_on";
  if (!picked.found) {
    // Nothing on record (or nothing by that name): the advice still helps.
    if (!picked.options.empty() && picked.unknown_company.empty()) return ask_which(t, picked);
    auto company = entity_text(t, "company");
    if (*status == interview_status::offer && company.empty()) key = "record_outcome.offer";
    return reply(r.say(key, t.seed, with(s, {{"company", company}})));
  }
  interview i = *picked.found;
  i.status = *status;
  log_contact(i, contact{t.now, "outcome", std::string(to_string(*status)), "", ""});
  auto filled = with(s, {{"company", i.company}});
  // Once per interview, a light question whose answer comes back before the next one.
  bool ask_lesson = !i.lesson_asked;
  i.lesson_asked = true;
  auto fx = changed(t, i,
                    {join({r.say(key, t.seed, filled),
                           r.say("record_outcome.closed", t.seed,
                                 with(filled, {{"company", interview_label(t, i)}}))})});
  if (ask_lesson) {
    fx.ask = r.say("lessons.ask", t.seed, {{"company", i.company}});
    fx.conversation = conversation_with(t, {{"kind", "lesson"}, {"interview", i.id}}, i.id);
  }
  return fx;
}

effects handle_show_status(const turn& t) {
  const auto& r = t.rules_data;
  if (t.user.interviews.empty()) return reply(r.say("status.none", t.seed));
  const auto& tz = zone(t);
  auto numbers = etiquette_numbers::from(r);
  std::vector<const interview*> order;
  for (const auto& i : t.user.interviews) order.push_back(&i);
  // Open ones first, the soonest next step on top; closed ones after, newest first.
  std::stable_sort(order.begin(), order.end(), [&](const interview* a, const interview* b) {
    if (a->open() != b->open()) return a->open();
    if (!a->open()) return a->at > b->at;
    return plan_next_step(*a, tz, t.now, numbers).due < plan_next_step(*b, tz, t.now, numbers).due;
  });
  // An application's rounds together, in order, where its most pressing one would be.
  std::vector<const interview*> grouped;
  for (const auto* i : order) {
    if (std::any_of(grouped.begin(), grouped.end(), [&](const interview* g) {
          return g->application_id() == i->application_id();
        })) {
      continue;
    }
    std::vector<const interview*> rounds;
    for (const auto& other : t.user.interviews) {
      if (other.application_id() == i->application_id()) rounds.push_back(&other);
    }
    std::stable_sort(rounds.begin(), rounds.end(),
                     [](const interview* a, const interview* b) { return a->round < b->round; });
    grouped.insert(grouped.end(), rounds.begin(), rounds.end());
  }
  std::string text = r.say("status.header", t.seed, {{"count", std::to_string(order.size())}});
  for (const auto* i : grouped) {
    if (i->open() && superseded(t.user.interviews, *i)) {
      text += "\n" + r.say("status.line_round_done", t.seed,
                           {{"interview", interview_label(t, *i)},
                            {"when", when_phrase(t, *i)},
                            {"next", std::to_string(latest_round(t.user.interviews, *i).round)}});
      continue;
    }
    auto next = next_step_text(t, *i);
    auto line =
        r.say("status.line", t.seed,
              {{"interview", interview_label(t, *i)},
               {"when", when_phrase(t, *i)},
               {"status", r.say("status.state." + std::string(to_string(i->status)), t.seed)},
               {"next", next}});
    if (next.empty()) {
      line =
          r.say("status.line_closed", t.seed,
                {{"interview", interview_label(t, *i)},
                 {"when", when_phrase(t, *i)},
                 {"status", r.say("status.state." + std::string(to_string(i->status)), t.seed)}});
    }
    text += "\n" + line;
  }
  return reply(text);
}

effects handle_delete_data(const turn& t) {
  const auto& r = t.rules_data;
  auto picked = select_interview(t, false);
  // "delete the Initech interview": a name the user is not tracking.
  if (!picked.named && picked.unknown_company.empty()) {
    auto named = interview_named_in(t.message.text);
    if (!named.empty()) {
      picked.unknown_company = named;
      return no_interview(t, picked);
    }
  }
  if (picked.found && picked.named) {
    auto list = t.user.interviews;
    auto label = interview_label(t, *picked.found);
    std::erase_if(list, [&](const interview& i) { return i.id == picked.found->id; });
    effects fx = reply(r.say("delete.one", t.seed, {{"interview", label}}));
    fx.interviews = std::move(list);
    auto conv = conversation_with(t, nullptr);
    conv.erase("last_interview");
    fx.conversation = std::move(conv);
    return fx;
  }
  if (!picked.unknown_company.empty()) return no_interview(t, picked);
  // Everything: only after an explicit yes (dialogue.cpp).
  auto n = t.user.interviews.size();
  auto count = n == 0   ? r.say("words.interviews.none", t.seed)
               : n == 1 ? r.say("words.interviews.one", t.seed)
                        : r.say("words.interviews.many", t.seed, {{"n", std::to_string(n)}});
  effects fx = reply(r.say("delete.confirm", t.seed, {{"count", count}}));
  fx.conversation = conversation_with(t, {{"kind", "confirm_delete"}});
  return fx;
}

effects handle_export(const turn& t) {
  auto doc = export_document(t.user);
  return reply(t.rules_data.say("export.intro", t.seed) + "\n" + doc.dump(1));
}

}  // namespace followup
