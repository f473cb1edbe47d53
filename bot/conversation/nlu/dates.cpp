#include "bot/conversation/nlu/dates.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "bot/conversation/nlu/date_grammar.hpp"
#include "bot/conversation/time_format.hpp"

namespace followup::nlu {

namespace ch = std::chrono;
using ch::minutes;

namespace {

// ---------------------------------------------------------------- roles

bool any_of_words(std::string_view w, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

enum class cue { none, interview, decision, contact };

// What the word at k (with its neighbours) says a nearby date is about.
cue cue_at(const std::vector<token>& t, std::size_t k, std::size_t lo, std::size_t hi) {
  auto w = [&](std::size_t i) -> std::string_view {
    return i >= lo && i < hi && t[i].word() ? std::string_view(t[i].s) : std::string_view();
  };
  const auto s = w(k);
  if (s.empty()) return cue::none;
  if (any_of_words(s, {"decide", "decides", "deciding", "decision", "decisions", "decided",
                       "answer", "news", "respond", "response", "inform", "notify", "finalise",
                       "finalize", "results", "result", "outcome", "verdict", "update"})) {
    return cue::decision;
  }
  if (s == "hear" || s == "heard") return cue::decision;
  if ((s == "get" || s == "come" || s == "circle") && w(k + 1) == "back") return cue::decision;
  if (s == "let" && (w(k + 1) == "me" || w(k + 1) == "us" || w(k + 1) == "you") &&
      w(k + 2) == "know") {
    return cue::decision;
  }
  if (s == "know" && (w(k - 1) == "i'll" || w(k - 1) == "should" || w(k - 1) == "will" ||
                      w(k - 1) == "would")) {
    return cue::decision;  // "I should know by Friday"
  }
  if (s == "touch" && w(k - 1) == "in" && (w(k - 2) == "be" || w(k - 2) == "get")) {
    return cue::decision;  // "they'll be in touch by Friday"
  }
  const bool contact_verb =
      any_of_words(s, {"call", "ring", "phone", "contact", "chase", "ping", "email", "e-mail",
                       "text", "nudge", "calling", "ringing", "phoning"}) ||
      ((s == "follow" || s == "check" || s == "reach" || s == "touch") &&
       any_of_words(w(k + 1), {"up", "in", "out", "base"})) ||
      s == "followup" || s == "follow-up";
  if (contact_verb) {
    // Who contacts whom: "he'll ring me by Friday" is their answer; "call me in 4 days", said
    // by them, and "call her Thursday" are the user's to make.
    std::size_t obj = k + 1;
    if (any_of_words(w(obj), {"up", "in", "out", "back"})) ++obj;
    if (w(obj) == "with" || w(obj) == "to") ++obj;
    const bool to_user = any_of_words(w(obj), {"me", "us"});
    const bool they_will = any_of_words(w(k - 1), {"will", "would", "gonna", "to", "should",
                                                   "might", "may", "could", "can"}) ||
                           w(k - 1).ends_with("'ll") || w(k - 1).ends_with("'d") ||
                           any_of_words(w(k - 1), {"he", "she", "they", "hr", "recruiter"});
    const bool quoted = any_of_words(w(k - 1), {"said", "says", "told", "asked"}) ||
                        (w(k - 1) == "to" && any_of_words(w(k - 2), {"me", "us"}));
    if (to_user && they_will && !quoted) return cue::decision;
    return cue::contact;
  }
  if (any_of_words(s, {"interview", "interviewed", "interviewing", "interviews", "onsite",
                       "on-site", "screen", "screening", "round", "meeting", "met", "meet",
                       "zoom", "teams", "panel", "assessment"})) {
    return cue::interview;
  }
  return cue::none;
}

// The clause around token k.
std::pair<std::size_t, std::size_t> clause_bounds(const document& doc, std::size_t k) {
  for (const auto& c : doc.clauses) {
    if (k >= c.tb && k < c.te) return {c.tb, c.te};
  }
  return {0, doc.tokens.size()};
}

date_role role_of(const document& doc, const resolved_date& d) {
  const auto& t = doc.tokens;
  auto [lo, hi] = clause_bounds(doc, d.tb);
  // A clause that starts with "and said", "and she'll" belongs with the words before it when
  // those hold the cue: widen to the sentence's previous clause.
  for (std::size_t i = 0; i < doc.clauses.size(); ++i) {
    if (doc.clauses[i].tb == lo && i > 0 && !doc.clauses[i].sentence_start) {
      lo = doc.clauses[i - 1].tb;
      break;
    }
  }
  auto role_of_cue = [](cue c) -> std::optional<date_role> {
    switch (c) {
      case cue::decision:
        return date_role::decision;
      case cue::contact:
        return date_role::call;
      case cue::interview:
        return date_role::interview;
      case cue::none:
        break;
    }
    return std::nullopt;
  };
  // The nearest cue before the date wins; then one just after it ("friday they decide").
  for (std::size_t k = d.tb; k-- > lo;) {
    if (auto r = role_of_cue(cue_at(t, k, lo, hi))) return *r;
  }
  for (std::size_t k = d.te; k < hi && k < d.te + 4; ++k) {
    if (auto r = role_of_cue(cue_at(t, k, lo, hi))) return *r;
  }
  if (d.relation == date_relation::by) return date_role::decision;
  if (d.relation == date_relation::in) return date_role::call;
  return date_role::interview;
}

}  // namespace

bool might_name_a_date(const document& doc, std::size_t tb, std::size_t te) {
  // Every date expression holds a digit or one of these words (or a misspelling of a day name,
  // which starts like it): most messages are ruled out without the grammar.
  static constexpr std::string_view starts[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
                                                "jan", "feb", "mar", "apr", "may", "jun", "jul",
                                                "aug", "sep", "oct", "nov", "dec", "tod", "tom",
                                                "tmr", "tmo", "2mo", "2mr", "tonig", "toni",
                                                "2ni",  "yes", "yda", "yday", "eod", "eow",
                                                "eom", "cob", "eob", "end", "clos", "noon",
                                                "midn", "midd", "next", "nxt", "this", "last",
                                                "day", "week", "wk", "month", "fortn", "hour",
                                                "hr",  "min", "morn", "aft", "even", "night",
                                                "nite", "arvo", "a.m", "p.m", "half", "quarter",
                                                "one", "two", "three", "four", "five", "six",
                                                "seven", "eight", "nine", "ten", "eleven",
                                                "twelve", "couple", "first", "second", "third",
                                                "tdy", "tday", "2day", "dis", "coming", "previous", "wen",
                                                "thr", "ys"};
  for (std::size_t k = tb; k < te && k < doc.tokens.size(); ++k) {
    const auto& t = doc.tokens[k];
    if (!t.word()) continue;
    const std::string_view w = t.s;
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
    for (auto p : starts) {
      if (w.size() >= p.size() && w[0] == p[0] && w.starts_with(p)) return true;
    }
  }
  return false;
}

std::string_view to_string(date_role r) {
  switch (r) {
    case date_role::interview:
      return "interview";
    case date_role::decision:
      return "decision";
    case date_role::call:
      return "call";
  }
  return "interview";
}

std::vector<resolved_date> find_dates(const document& doc, std::size_t tb, std::size_t te,
                                      sys_time now, const date::time_zone& tz) {
  std::vector<resolved_date> out;
  te = std::min(te, doc.tokens.size());
  if (tb >= te || !might_name_a_date(doc, tb, te)) return out;
  try {
    out = parse_dates(std::span<const token>(doc.tokens).subspan(tb, te - tb), doc.text, now, tz);
    for (auto& d : out) {
      d.tb += tb;
      d.te += tb;
      d.role = role_of(doc, d);
    }
  } catch (...) {
    // A date we cannot read is a date we do not report; the message still goes through.
    out.clear();
  }
  return out;
}

std::vector<resolved_date> find_dates(std::string_view text, sys_time now,
                                      const date::time_zone& tz) {
  auto doc = analyse(text);
  return find_dates(doc, 0, doc.tokens.size(), now, tz);
}

sys_time to_instant(const resolved_date& d, const date::time_zone& tz, minutes default_time) {
  const minutes tod = d.time_of_day.value_or(default_time);
  const date::local_time<minutes> local{d.day.time_since_epoch() + tod};
  const auto info = tz.get_info(local);
  // For a time inside a spring-forward gap the offset in force before the gap moves it forward
  // by the gap's length (02:30 -> 03:30), as java.time and Python do; for a fall-back overlap
  // `first` is the earlier of the two instants.
  const auto utc = local.time_since_epoch() - info.first.offset;
  return sys_time{ch::duration_cast<ch::milliseconds>(utc)};
}

std::string to_local_string(const resolved_date& d) {
  const ch::year_month_day ymd{d.day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  std::string out = buf;
  if (d.time_of_day) {
    const auto m = d.time_of_day->count();
    std::snprintf(buf, sizeof buf, "T%02d:%02d", static_cast<int>(m / 60),
                  static_cast<int>(m % 60));
    out += buf;
  }
  return out;
}

nlohmann::json to_json(const resolved_date& d, const date::time_zone& tz) {
  nlohmann::json j;
  j["text"] = d.text;
  auto local = to_local_string(d);
  j["date"] = local.substr(0, 10);
  if (d.time_of_day) {
    j["time"] = local.substr(11);
    j["at"] = format_iso(to_instant(d, tz), tz);
  } else {
    j["time"] = nullptr;
    j["at"] = nullptr;
  }
  switch (d.relation) {
    case date_relation::at:
      j["relation"] = "at";
      break;
    case date_relation::by:
      j["relation"] = "by";
      break;
    case date_relation::in:
      j["relation"] = "in";
      j["days"] = d.offset_days;
      break;
  }
  j["role"] = std::string(to_string(d.role));
  return j;
}

const date::time_zone* find_zone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  try {
    return date::locate_zone(std::string(name));
  } catch (...) {
    return nullptr;
  }
}

}  // namespace followup::nlu
