#include <charconv>
#include <cmath>
#include <stdexcept>

#include <date/tz.h>

#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup::support {

namespace {
using std::chrono::days;
using std::chrono::hours;
using std::chrono::local_days;
using std::chrono::minutes;

const nlohmann::json* entity(const turn& t, std::string_view key) {
  const auto& e = t.meaning.entities;
  if (!e.is_object()) return nullptr;
  auto it = e.find(key);
  return it == e.end() ? nullptr : &*it;
}

// Digits at s[pos, pos+len) as a number, or nullopt.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t len) {
  if (pos + len > s.size()) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, v);
  if (ec != std::errc{} || end != s.data() + pos + len) return std::nullopt;
  return v;
}

// "YYYY-MM-DD" (the NLU's format); nullopt for anything else or an impossible day.
std::optional<local_days> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month(unsigned(*m)),
                                  std::chrono::day(unsigned(*d))};
  if (!ymd.ok()) return std::nullopt;
  return local_days{ymd};
}

// "HH:MM"; nullopt otherwise.
std::optional<minutes> parse_time(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto h = digits(s, 0, 2), m = digits(s, 3, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return hours(*h) + minutes(*m);
}

std::optional<nlu::date_role> parse_role(std::string_view s) {
  if (s == "interview") return nlu::date_role::interview;
  if (s == "decision") return nlu::date_role::decision;
  if (s == "call") return nlu::date_role::call;
  return std::nullopt;
}

std::optional<nlu::date_relation> parse_relation(std::string_view s) {
  if (s == "at") return nlu::date_relation::at;
  if (s == "by") return nlu::date_relation::by;
  if (s == "in") return nlu::date_relation::in;
  return std::nullopt;
}
}  // namespace

const date::time_zone& zone(const turn& t) {
  if (const auto* tz = nlu::find_zone(t.user.timezone)) return *tz;
  if (const auto* utc = nlu::find_zone("UTC")) return *utc;
  throw std::runtime_error("time zone database has no UTC");
}

local_days today(const turn& t) {
  return local_day(zone(t), t.now);
}

int threshold(const turn& t, std::string_view name) {
  return static_cast<int>(std::lround(t.rules_data.threshold(name)));
}

std::vector<mentioned_date> dates(const turn& t, minutes default_time) {
  std::vector<mentioned_date> out;
  const auto* list = entity(t, "dates");
  if (!list || !list->is_array()) return out;
  const auto& tz = zone(t);
  for (const auto& j : *list) {
    if (!j.is_object() || !j.contains("date") || !j["date"].is_string()) continue;
    auto day = parse_day(j["date"].get<std::string>());
    if (!day) continue;
    nlu::resolved_date r;
    r.day = *day;
    if (j.contains("time") && j["time"].is_string()) {
      r.time_of_day = parse_time(j["time"].get<std::string>());
    }
    if (j.contains("relation") && j["relation"].is_string()) {
      if (auto rel = parse_relation(j["relation"].get<std::string>())) r.relation = *rel;
    }
    if (j.contains("days") && j["days"].is_number_integer()) r.offset_days = j["days"].get<int>();
    mentioned_date d;
    if (j.contains("role") && j["role"].is_string()) d.role = parse_role(j["role"].get<std::string>());
    d.day = r.day;
    d.time_of_day = r.time_of_day;
    d.relation = r.relation;
    d.offset_days = r.offset_days;
    d.at = nlu::to_instant(r, tz, default_time);
    if (j.contains("text") && j["text"].is_string()) d.text = j["text"].get<std::string>();
    out.push_back(d);
  }
  return out;
}

bool is_past(const turn& t, const mentioned_date& d) {
  return d.has_time() ? d.at <= t.now : d.day < today(t);
}

namespace {
// The tokens of the document this turn reads (a step of a message that carries several).
std::pair<std::size_t, std::size_t> turn_tokens(const turn& t) {
  const auto& doc = *t.meaning.doc;
  for (const auto& s : t.meaning.steps) {
    if (s.main || t.meaning.steps.size() == 1) return {s.tb, s.te};
  }
  return {0, doc.tokens.size()};
}
}  // namespace

bool told_as_past(const turn& t) {
  if (t.meaning.entities.is_object() && t.meaning.entities.value("tense", "") == "past") {
    return true;
  }
  if (!t.meaning.doc) return false;
  auto [tb, te] = turn_tokens(t);
  for (const auto& c : t.meaning.doc->clauses) {
    if (c.te <= tb || c.tb >= te) continue;
    if (c.time == nlu::tense::past || c.time == nlu::tense::mixed) return true;
  }
  return says_just_now(t);
}

bool says_just_now(const turn& t) {
  if (!t.meaning.doc) return false;
  const auto& tokens = t.meaning.doc->tokens;
  auto [tb, te] = turn_tokens(t);
  for (std::size_t k = tb; k < te && k < tokens.size(); ++k) {
    const auto& w = tokens[k].s;
    const auto next = k + 1 < te && k + 1 < tokens.size() ? std::string_view(tokens[k + 1].s)
                                                          : std::string_view();
    if (w == "now" || w == "just" || w == "finished" || w == "done" || w == "over" ||
        w == "wrapped" || w == "rn" || (w == "walking" && next == "out") ||
        (w == "got" && next == "out") || (w == "came" && next == "out") ||
        (w == "leaving" && (next == "the" || next == "now"))) {
      return true;
    }
  }
  return false;
}

std::string entity_text(const turn& t, std::string_view key) {
  const auto* v = entity(t, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<int> entity_int(const turn& t, std::string_view key) {
  const auto* v = entity(t, key);
  if (!v || !v->is_number()) return std::nullopt;
  return static_cast<int>(std::lround(v->get<double>()));
}

std::vector<std::string> people(const turn& t) {
  std::vector<std::string> names;
  const auto* list = entity(t, "people");
  if (!list || !list->is_array()) return names;
  for (const auto& p : *list) {
    if (p.is_object() && p.contains("name") && p["name"].is_string()) {
      auto name = p["name"].get<std::string>();
      if (!name.empty()) names.push_back(std::move(name));
    } else if (p.is_string() && !p.get<std::string>().empty()) {
      names.push_back(p.get<std::string>());
    }
  }
  return names;
}

namespace {
// "a", "a and b", "a, b and c" with the wording of `two` and `more` (list.* in replies.yaml).
std::string series(const turn& t, const std::vector<std::string>& items, std::string_view two,
                   std::string_view more) {
  if (items.empty()) return {};
  if (items.size() == 1) return items[0];
  if (items.size() == 2) {
    return t.rules_data.say(two, t.seed, {{"first", items[0]}, {"second", items[1]}});
  }
  std::string rest;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    if (i) rest += ", ";
    rest += items[i];
  }
  return t.rules_data.say(more, t.seed, {{"rest", rest}, {"last", items.back()}});
}
}  // namespace

std::string list_phrase(const turn& t, const std::vector<std::string>& items) {
  return series(t, items, "list.two", "list.more");
}

std::string or_phrase(const turn& t, const std::vector<std::string>& items) {
  return series(t, items, "list.two_or", "list.more_or");
}

std::string duration_phrase(const turn& t, minutes d) {
  const auto& r = t.rules_data;
  if (d < hours(1)) return r.say("duration.under_hour", t.seed);
  auto h = std::chrono::floor<hours>(d).count();
  if (h == 1) return r.say("duration.hour", t.seed);
  if (h < 48) return r.say("duration.hours", t.seed, {{"n", std::to_string(h)}});
  auto n = h / 24;
  return r.say("duration.days", t.seed, {{"n", std::to_string(n)}});
}

std::string times_phrase(const turn& t, int n) {
  if (n == 1) return t.rules_data.say("count.once", t.seed);
  if (n == 2) return t.rules_data.say("count.twice", t.seed);
  return t.rules_data.say("count.times", t.seed, {{"n", std::to_string(n)}});
}

std::string ago_phrase(const turn& t, const mentioned_date& d) {
  if (!d.has_time()) return format_relative(d.at, t.now, zone(t), false);
  auto elapsed = std::chrono::floor<minutes>(t.now - d.at);
  return t.rules_data.say("time.ago", t.seed, {{"duration", duration_phrase(t, elapsed)}});
}

std::string day_phrase(const turn& t, sys_time at) {
  const auto& tz = zone(t);
  auto local = tz.to_local(at);
  local_days day{days{date::floor<date::days>(local).time_since_epoch().count()}};
  auto date_text = format_day(at, tz);
  auto ahead = day - today(t);
  // "Today" and "tomorrow" are clearest said as such; other days by weekday and date.
  if (ahead == days(0) || ahead == days(1)) {
    return t.rules_data.say("words.near_date", t.seed,
                            {{"day", format_relative(at, t.now, tz, false)}, {"date", date_text}});
  }
  return t.rules_data.say("words.on_date", t.seed, {{"date", date_text}});
}

sys_time local_instant(const turn& t, local_days day, minutes time_of_day) {
  return followup::local_instant(zone(t), day, time_of_day);
}

minutes call_time_of_day(const turn& t) {
  return hours(threshold(t, "call_nudge_hour"));
}

slots base_slots(const turn& t) {
  auto call_at = local_instant(t, today(t), call_time_of_day(t));
  return {
      {"mail_hours", std::to_string(threshold(t, "mail_deadline_hours"))},
      {"late_hours", std::to_string(threshold(t, "thank_you_late_hours"))},
      {"decision_soon_days", std::to_string(threshold(t, "decision_soon_days"))},
      {"max_call_backs", std::to_string(threshold(t, "max_call_backs"))},
      {"move_on_days", std::to_string(threshold(t, "move_on_after_days"))},
      {"call_time", format_time(call_at, zone(t))},
  };
}

slots with(slots base, std::initializer_list<std::pair<std::string, std::string>> more) {
  // Later values win: fill_slots takes the first match, so new ones go in front.
  slots out(more.begin(), more.end());
  out.insert(out.end(), base.begin(), base.end());
  return out;
}

namespace {
template <class Parts>
std::string join_non_empty(const Parts& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}
}  // namespace

std::string join(std::initializer_list<std::string> parts) {
  return join_non_empty(parts);
}
std::string join(const std::vector<std::string>& parts) {
  return join_non_empty(parts);
}

effects reply(std::string text) {
  effects fx;
  fx.replies.push_back(std::move(text));
  return fx;
}

}  // namespace followup::support
