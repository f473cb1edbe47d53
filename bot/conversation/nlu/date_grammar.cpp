#include "bot/conversation/nlu/date_grammar.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>

#include "bot/conversation/nlu/date_words.hpp"

// Resolution rules (the choices a reader would otherwise have to guess):
// - Bare weekday ("friday", "on fri", "this coming fri"): the first such day strictly after
//   today (1..7 days ahead). When the clause is in the past tense ("interviewed monday",
//   "haven't heard since tue") it is the most recent such day strictly before today.
// - "this X": the next X with today included (0..6 days ahead); past tense: the most recent X,
//   today included.
// - "next X" / "X next week": X in the following Monday-to-Sunday week. On a Monday "next
//   tuesday" is 8 days ahead; on a Friday "next monday" is 3 days ahead.
// - "last X" / "this past X": the most recent X strictly before today.
// - Calendar dates without a year ("12/3", "Dec 3rd", "3 December"): the occurrence between
//   90 days ago and 275 days ahead, so "Dec 20" said in January is last December and "Jan 5"
//   said in November is next January. Numbers are US month/day; "25/11" (first number over
//   12) is read day/month.
// - "the 3rd": this month's 3rd if it is today or later, else next month's; in the past tense
//   the most recent 3rd. A weekday beside it ("Thursday the 21st") picks the nearest month
//   where the two agree.
// - A time with no day ("at 2pm") is today. An hour without am/pm ("at 10", "2:30") is read
//   as a business hour: 8-11 am, 12 noon, 1-7 pm, unless a part of day says otherwise
//   ("tonight at 8", "7 in the morning"). "midnight" is the one that ends the day named.
// - "end of the week"/"eow": the coming Friday (today included), relation by; "eod": today,
//   by; "end of the month": its last day, by.
// - "in N days/weeks/months", "N days from now": relation in; "in 3 hrs": now + 3 h with the
//   resulting time of day (real hours, across DST); "after N days" reads like "in N days".
//   Durations are not dates: bare ("48 hours", "within a week"), counted ("3 calls in 2
//   days"), silent ("no reply in 2 weeks") or told of the past ("had 4 interviews in 2 weeks").

namespace followup::nlu {
namespace {

namespace ch = std::chrono;
using ch::days;
using ch::local_days;
using ch::minutes;
using namespace date_words;

constexpr std::size_t max_found = 64;
constexpr long max_offset_days = 3660;

// ---------------------------------------------------------------- expressions

struct expr {
  std::size_t tb = 0;  // token range [tb, te)
  std::size_t te = 0;
  std::optional<local_days> day;
  std::optional<minutes> time;
  int bare_hour = 0;  // 1..12 when the hour came without am/pm; `time` is then provisional
  int bare_minute = 0;
  part_of_day pod = part_of_day::none;
  date_relation rel = date_relation::at;
  int offset = 0;
  bool calendar = false;      // an explicit calendar date
  bool weekday_only = false;  // a weekday name and nothing more specific
  int weekday = -1;           // the weekday named, if any (0 = Sunday)
  int month_day = 0;          // "the 21st": a day of the month with no month
  bool fixed = false;         // already a complete instant ("in 3 hours")
  bool eod = false;           // "end of day": a deadline on whatever day it joins
  bool midnight = false;      // the midnight that ends the day it names
};

minutes resolve_bare_hour(int hour, int minute, part_of_day pod) {
  // With no part of day, business hours: nobody schedules a follow-up call at 3 am.
  const bool pm = pod == part_of_day::none ? hour == 12 || hour <= 7 : pod != part_of_day::morning;
  int h = hour % 12 + (pm ? 12 : 0);
  if (pod == part_of_day::night && hour == 12) h = 0;
  return ch::hours{h} + minutes{minute};
}

class parser {
 public:
  parser(std::span<const token> toks, const date::time_zone& tz, sys_time now, local_days today)
      : t_(toks), tz_(tz), now_(now), today_(today) {}

  std::vector<expr> run() {
    std::vector<expr> raw;
    for (std::size_t i = 0; i < t_.size() && raw.size() < max_found * 2;) {
      if (auto e = parse_at(i)) {
        i = e->te;
        raw.push_back(*e);
      } else {
        ++i;
      }
    }
    std::vector<expr> merged;
    for (auto& e : raw) {
      if (!merged.empty() && try_merge(merged.back(), e)) continue;
      merged.push_back(e);
    }
    for (auto& e : merged) finish(e);
    merged.erase(std::remove_if(merged.begin(), merged.end(), [](const expr& e) { return !e.day; }),
                 merged.end());
    if (merged.size() > max_found) merged.resize(max_found);
    return merged;
  }

 private:
  std::span<const token> t_;
  const date::time_zone& tz_;
  sys_time now_;
  local_days today_;

  std::size_t size() const { return t_.size(); }
  bool is(std::size_t i, std::string_view w) const { return i < size() && t_[i].s == w; }
  bool word(std::size_t i) const { return i < size() && t_[i].word(); }
  // Token i directly touches token i-1 (no space between).
  bool glued(std::size_t i) const { return i > 0 && i < size() && t_[i - 1].end == t_[i].begin; }
  const std::string& s(std::size_t i) const {
    static const std::string empty;
    return i < size() ? t_[i].s : empty;
  }

  bool follower_ok(std::size_t i) const {
    if (i >= size()) return true;
    if (!t_[i].word()) return t_[i].s != "%" && t_[i].s != "$";
    const auto& w = t_[i].s;
    if (ascii_digit(w[0])) return true;
    return harmless_follower(w);
  }

  // "3 calls in 2 days", "twice in one day", "no reply in 2 weeks": a rate or a silence, so
  // the "in N days" after it is a duration.
  bool counted_before(std::size_t k) const {
    static constexpr std::string_view markers[] = {"twice", "once",    "thrice", "times",
                                                   "no",    "nothing", "zero",   "silence"};
    for (std::size_t j = k, seen = 0; j-- > 0 && seen < 3; ++seen) {
      if (!word(j)) return false;
      if (in(s(j), markers)) return true;
      if (seen == 0 && j > 0 && word(j - 1) &&
          (plain_number(s(j - 1)) || (number_word(s(j - 1)) && s(j - 1) != "one"))) {
        return true;
      }
    }
    return false;
  }

  // "it's", "it is", "today is", "today's" right before token k.
  bool names_today(std::size_t k) const {
    if (k >= 1 && word(k - 1) && (s(k - 1) == "it's" || s(k - 1) == "its" || s(k - 1) == "today's"))
      return true;
    return k >= 2 && word(k - 2) && word(k - 1) && s(k - 1) == "is" &&
           (s(k - 2) == "it" || s(k - 2) == "today");
  }

  bool conditional_before(std::size_t tb) const {
    for (std::size_t k = tb, seen = 0; k-- > 0 && seen < 10;) {
      if (is_sentence_end(t_[k])) break;
      if (!t_[k].word()) continue;
      ++seen;
      if (t_[k].s == "if" || t_[k].s == "unless" || t_[k].s == "otherwise") return true;
    }
    return false;
  }

  word_tense backward_tense(std::size_t tb) const {
    for (std::size_t k = tb, seen = 0; k-- > 0 && seen < 8;) {
      if (is_sentence_end(t_[k])) break;
      if (!t_[k].word()) continue;
      ++seen;
      if (auto t = tense_of_word(t_[k].s); t != word_tense::unknown) return t;
    }
    return word_tense::unknown;
  }

  word_tense tense_around(std::size_t tb, std::size_t te) const {
    if (auto t = backward_tense(tb); t != word_tense::unknown) return t;
    for (std::size_t k = te, seen = 0; k < size() && seen < 5; ++k) {
      if (is_sentence_end(t_[k])) break;
      if (!t_[k].word()) continue;
      ++seen;
      if (auto t = tense_of_word(t_[k].s); t != word_tense::unknown) return t;
    }
    return word_tense::unknown;
  }

  // ------------------------------------------------ the dispatcher

  std::optional<expr> parse_at(std::size_t i) {
    // "by"-style deadlines wrap any other expression.
    std::size_t j = i;
    if (is(i, "by") || is(i, "before") || is(i, "until") || is(i, "till") || is(i, "til") ||
        is(i, "b4")) {
      j = i + 1;
    } else if ((is(i, "no") || is(i, "not")) && is(i + 1, "later") && is(i + 2, "than")) {
      j = i + 3;
    }
    if (j != i) {
      if (is(j, "the") && (is(j + 1, "end") || is(j + 1, "eod"))) ++j;
      auto e = parse_core(j, true);
      if (!e) return std::nullopt;
      e->tb = i;
      if (e->rel != date_relation::in) e->rel = date_relation::by;
      // "call me Thursday if you haven't heard by Wednesday": a deadline in a condition is
      // ahead, whatever the tense of the verb beside it.
      if (e->weekday_only && e->weekday >= 0 && *e->day < today_ && conditional_before(i)) {
        e->day = upcoming(today_, e->weekday, false);
      }
      return e;
    }
    return parse_core(i, false);
  }

  std::optional<expr> parse_core(std::size_t i, bool after_deadline_word) {
    if (auto e = parse_relative(i)) return e;
    if (auto e = parse_named(i)) return with_part_of_day(*e);
    if (auto e = parse_weekday(i)) return with_part_of_day(*e);
    if (auto e = parse_calendar(i, after_deadline_word)) return with_part_of_day(*e);
    if (auto e = parse_time(i, after_deadline_word)) return e;
    return std::nullopt;
  }

  // "tomorrow morning", "friday afternoon", "monday night", "tue am".
  expr with_part_of_day(expr e) {
    if (e.fixed) return e;
    std::size_t k = e.te;
    if (auto p = part_of_day_of(s(k)); p && word(k)) {
      if ((s(k) == "am" || s(k) == "pm") && e.calendar) return e;
      e.pod = *p;
      e.te = k + 1;
    } else if (is(k, "in") && is(k + 1, "the") && part_of_day_of(s(k + 2)) && s(k + 2).size() > 2) {
      e.pod = *part_of_day_of(s(k + 2));
      e.te = k + 3;
    } else if (is(k, "at") && is(k + 1, "night")) {
      e.pod = part_of_day::night;
      e.te = k + 2;
    }
    return e;
  }

  // ------------------------------------------------ "in 4 days", "a week from now", "2 days ago"

  struct quantity {
    long n = 0;
    std::size_t next = 0;
    std::optional<unit> attached;  // "4days", "3hrs", "48h"
  };

  std::optional<quantity> parse_quantity(std::size_t k) const {
    quantity q;
    if (!word(k)) return std::nullopt;
    const auto& w = s(k);
    if ((w == "a" || w == "an") && (is(k + 1, "couple") || is(k + 1, "coupla"))) {
      q.n = 2;
      q.next = is(k + 2, "of") ? k + 3 : k + 2;
      return q;
    }
    if (w == "couple" || w == "coupla") {
      q.n = 2;
      q.next = is(k + 1, "of") ? k + 2 : k + 1;
      return q;
    }
    if (w == "a" || w == "an" || w == "one") {
      q.n = 1;
      q.next = k + 1;
      return q;
    }
    if (auto n = number_word(w)) {
      q.n = *n;
      q.next = k + 1;
    } else {
      auto sp = split_digits(w);
      if (sp.value < 0) return std::nullopt;
      q.n = sp.value;
      q.next = k + 1;
      if (!sp.rest.empty()) {
        q.attached = unit_of(sp.rest);
        if (!q.attached) return std::nullopt;
        return q;
      }
    }
    // Ranges ("2-3 days", "2 or 3 days", "2 to 3 weeks"): the earliest point.
    std::size_t r = q.next;
    if ((is(r, "-") || is(r, "or") || is(r, "to")) && word(r + 1)) {
      if (number_word(s(r + 1)) || plain_number(s(r + 1))) q.next = r + 2;
    }
    return q;
  }

  std::optional<expr> parse_relative(std::size_t i) {
    std::size_t k = i;
    bool leading_in = false;
    if (is(k, "in") || is(k, "after")) {
      // "had 4 interviews in 2 weeks", "after a week of silence I called": durations in a
      // story about the past, not dates.
      if (backward_tense(k) == word_tense::past || counted_before(k)) return std::nullopt;
      leading_in = true;
      ++k;
      while (is(k, "about") || is(k, "around") || is(k, "roughly") || is(k, "approx") ||
             is(k, "approximately") || is(k, "like") || is(k, "just") || is(k, "another") ||
             is(k, "maybe")) {
        ++k;
      }
    }
    auto q = parse_quantity(k);
    std::optional<unit> u;
    std::size_t after = 0;
    if (q) {
      if (q->attached) {
        u = q->attached;
        after = q->next;
      } else if ((is(q->next, "business") || is(q->next, "working") || is(q->next, "biz")) &&
                 (unit_of(s(q->next + 1)) == unit::day)) {
        u = unit::business_day;
        after = q->next + 2;
      } else if (auto uu = unit_of(s(q->next)); uu && word(q->next)) {
        u = uu;
        after = q->next + 1;
        if (s(q->next) == "fortnight") q->n *= 2;
      }
    } else if ((is(k, "a") || is(k, "one")) && is(k + 1, "fortnight")) {
      q = quantity{2, k + 1, std::nullopt};
      u = unit::week;
      after = k + 2;
    }
    if (!q || !u) return std::nullopt;
    if (is(i, "after") && (*u == unit::hour || *u == unit::minute)) return std::nullopt;
    if (leading_in && is(after, "of")) return std::nullopt;  // "after 2 weeks of silence"
    // "a week or two", "2 weeks or so": the first figure stands.
    if (is(after, "or") && (is(after + 1, "so") || is(after + 1, "two") || is(after + 1, "2"))) {
      after += 2;
      if (unit_of(s(after))) ++after;
    }
    if (is(after, "time") && leading_in) ++after;  // "in a week's time"
    if (q->n <= 0) return std::nullopt;

    enum class anchor { none, now, tomorrow, ago } from = anchor::none;
    std::size_t end = after;
    if (is(after, "from") && (is(after + 1, "now") || is(after + 1, "today"))) {
      from = anchor::now;
      end = after + 2;
    } else if (is(after, "from") && tomorrow_word(s(after + 1))) {
      from = anchor::tomorrow;
      end = after + 2;
    } else if (is(after, "ago") || (is(after, "back") && !leading_in && !is(after + 1, "to") &&
                                    !is(after + 1, "from"))) {
      from = anchor::ago;
      end = after + 1;
    }
    if (!leading_in && from == anchor::none) {
      // "a week from friday": the offset counts from another day.
      if (is(after, "from")) {
        if (auto base = parse_weekday(after + 1)) {
          expr e = *base;
          e.tb = i;
          e.day = shift(*e.day, *u, q->n);
          e.weekday_only = false;
          if (!e.day) return std::nullopt;
          return e;
        }
      }
      return std::nullopt;  // a bare duration ("48 hours") is not a date
    }
    if (leading_in && from == anchor::ago) return std::nullopt;

    expr e;
    e.tb = i;
    e.te = end;
    const bool past = from == anchor::ago;
    const long n = past ? -q->n : q->n;
    if (*u == unit::hour || *u == unit::minute) {
      if (q->n > 24L * max_offset_days) return std::nullopt;
      const auto delta =
          *u == unit::hour ? ch::milliseconds{ch::hours{n}} : ch::milliseconds{minutes{n}};
      // Hours are physical: "in 3 hrs" across a DST change lands 3 real hours later.
      const auto when = tz_.to_local(now_ + delta).time_since_epoch();
      const auto d = ch::floor<days>(when);
      e.day = local_days{d};
      e.time = ch::floor<minutes>(when - d);
      e.fixed = true;
    } else {
      local_days base = today_ + days{from == anchor::tomorrow ? 1 : 0};
      auto d = shift(base, *u, n);
      if (!d) return std::nullopt;
      e.day = *d;
    }
    e.rel = past ? date_relation::at : date_relation::in;
    e.offset = static_cast<int>((*e.day - today_).count());
    if (past) e.offset = 0;
    return e;
  }

  static std::optional<local_days> shift(local_days base, unit u, long n) {
    const long limit = max_offset_days;
    switch (u) {
      case unit::day:
        if (std::abs(n) > limit) return std::nullopt;
        return base + days{n};
      case unit::week:
        if (std::abs(n) * 7 > limit) return std::nullopt;
        return base + days{7 * n};
      case unit::business_day:
        if (n < 0 || n > limit / 2) return std::nullopt;
        return add_business_days(base, n);
      case unit::month:
        if (std::abs(n) > limit / 30) return std::nullopt;
        return add_months(base, n);
      case unit::year:
        if (std::abs(n) > 10) return std::nullopt;
        return add_months(base, 12 * n);
      case unit::hour:
      case unit::minute:
        break;
    }
    return std::nullopt;
  }

  // ------------------------------------------------ today, tomorrow, eod, end of the week

  static bool tomorrow_word(std::string_view raw) {
    static constexpr std::string_view forms[] = {
        "tomorrow", "tmrw",     "tmr",       "tmrow",     "tmro",    "tmorrow", "2moro",
        "2morrow",  "2morow",   "2mrw",      "2mro",      "2mor",    "tomoro",  "tomorro",
        "tomorow",  "tommorow", "tommorrow", "tomorrrow", "tomrrow", "tomrow",  "tmmrw",
        "tomm",     "tommorw",  "2moz",      "tomorrows"};
    const auto s = strip_possessive(raw);
    return in(s, forms) || near_miss(s, "tomorrow");
  }
  static bool yesterday_word(std::string_view raw) {
    static constexpr std::string_view forms[] = {"yesterday", "yday",     "yest",
                                                 "ystrdy",    "yesterdy", "yesteday",
                                                 "yesturday", "ysterday", "yesterdays"};
    const auto s = strip_possessive(raw);
    return in(s, forms) || near_miss(s, "yesterday");
  }
  static bool today_word(std::string_view raw) {
    const auto s = strip_possessive(raw);
    return s == "today" || s == "2day" || s == "tday" || s == "todya" || s == "tdy" ||
           s == "todays" || s == "toady";
  }
  static bool tonight_word(std::string_view s) {
    return s == "tonight" || s == "tonite" || s == "2nite" || s == "2night" || s == "tonigh" ||
           s == "tonights" || s == "tonight's";
  }

  expr day_expr(std::size_t tb, std::size_t te, local_days d) const {
    expr e;
    e.tb = tb;
    e.te = te;
    e.day = d;
    return e;
  }

  std::optional<expr> parse_named(std::size_t i) {
    std::size_t k = i;
    if (is(k, "the") && is(k + 1, "day") && (is(k + 2, "after") || is(k + 2, "before"))) ++k;
    if (is(k, "day") && is(k + 1, "after") && tomorrow_word(s(k + 2))) {
      return day_expr(i, k + 3, today_ + days{2});
    }
    if (is(k, "day") && is(k + 1, "before") && yesterday_word(s(k + 2))) {
      return day_expr(i, k + 3, today_ - days{2});
    }
    const auto& w = s(i);
    if (!word(i)) return std::nullopt;
    if (today_word(w)) return day_expr(i, i + 1, today_);
    if (tomorrow_word(w)) return day_expr(i, i + 1, today_ + days{1});
    if (yesterday_word(w)) return day_expr(i, i + 1, today_ - days{1});
    if (tonight_word(w)) {
      auto e = day_expr(i, i + 1, today_);
      e.pod = part_of_day::night;
      return e;
    }
    if (w == "last" && (is(i + 1, "night") || is(i + 1, "nite"))) {
      auto e = day_expr(i, i + 2, today_ - days{1});
      e.pod = part_of_day::night;
      return e;
    }
    if (w == "this" && part_of_day_of(s(i + 1)) && word(i + 1)) {  // "this morning", "this am"
      auto e = day_expr(i, i + 2, today_);
      e.pod = *part_of_day_of(s(i + 1));
      return e;
    }
    if (w == "eod" || w == "cob" || w == "eob" || w == "eodt") {
      auto e = day_expr(i, i + 1, today_);
      e.rel = date_relation::by;
      e.eod = true;
      return e;
    }
    if (w == "eow") return end_of_week(i, i + 1, 0);
    if (w == "eom") return end_of_month(i, i + 1, 0);
    // "end of (the|this|next) (day|business|week|month)", "close of business"
    if ((w == "end" || w == "close") && is(i + 1, "of")) {
      std::size_t m = i + 2;
      int ahead = 0;
      if (is(m, "the") || is(m, "this") || is(m, "today's") || is(m, "todays")) {
        ++m;
      } else if (is(m, "next") || is(m, "nxt")) {
        ahead = 1;
        ++m;
      }
      if (is(m, "day") || is(m, "business") || is(m, "biz")) {
        if (ahead) return std::nullopt;
        std::size_t te = m + 1;
        if (is(m, "business") && is(m + 1, "day")) ++te;
        auto e = day_expr(i, te, today_);
        e.rel = date_relation::by;
        e.eod = true;
        return e;
      }
      if (is(m, "week") || is(m, "wk")) return end_of_week(i, m + 1, ahead);
      if (is(m, "month")) return end_of_month(i, m + 1, ahead);
    }
    return std::nullopt;
  }

  expr end_of_week(std::size_t tb, std::size_t te, int weeks_ahead) const {
    auto e = day_expr(tb, te, weeks_ahead == 0 ? upcoming(today_, 5, true) : in_week(today_, 5, 1));
    e.rel = date_relation::by;
    return e;
  }
  expr end_of_month(std::size_t tb, std::size_t te, int months_ahead) const {
    ch::year_month_day ymd{add_months(today_, months_ahead)};
    auto e = day_expr(
        tb, te, local_days{ch::year_month_day_last{ymd.year(), ch::month_day_last{ymd.month()}}});
    e.rel = date_relation::by;
    return e;
  }

  // ------------------------------------------------ weekdays

  std::optional<expr> parse_weekday(std::size_t i) {
    enum class mode { bare, this_week, next, last } m = mode::bare;
    std::size_t k = i;
    bool modified = false;
    if (is(k, "this") || is(k, "dis")) {
      if (is(k + 1, "past")) {
        m = mode::last;
        k += 2;
      } else if (is(k + 1, "coming")) {
        k += 2;
      } else {
        m = mode::this_week;
        k += 1;
      }
      modified = true;
    } else if (is(k, "next") || is(k, "nxt") || is(k, "nex")) {
      m = mode::next;
      k += 1;
      modified = true;
    } else if (is(k, "last") || is(k, "past") || is(k, "previous")) {
      m = mode::last;
      k += 1;
      modified = true;
    } else if (is(k, "coming") || is(k, "upcoming")) {
      k += 1;
      modified = true;
    } else if (is(k, "the") && (is(k + 1, "following") || is(k + 1, "coming"))) {
      m = is(k + 1, "following") ? mode::next : mode::bare;
      k += 2;
      modified = true;
    }
    if (!word(k)) return std::nullopt;
    auto wd = weekday_of(s(k));
    if (!wd) return std::nullopt;
    if (s(k).size() > 6 && s(k).back() == 's' &&
        in(std::string_view(s(k)).substr(0, s(k).size() - 1), weekday_names)) {
      return std::nullopt;  // "mondays": a habit
    }
    if (s(k) == "wed" && word(k + 1) && wed_means_we_would(s(k + 1))) return std::nullopt;
    if (wd->ambiguous && !modified) {
      const bool lead = k > 0 && (is(k - 1, "on") || is(k - 1, "by") || is(k - 1, "until") ||
                                  is(k - 1, "till") || is(k - 1, "before"));
      const bool trail =
          k + 1 < size() && (is(k + 1, "@") || (word(k + 1) && ascii_digit(s(k + 1)[0])) ||
                             (is(k + 1, ",") && word(k + 2) && ascii_digit(s(k + 2)[0])));
      if (!lead && !trail) return std::nullopt;
    }
    std::size_t te = k + 1;
    if (is(te, ".") && s(k).size() <= 5 && glued(te)) ++te;  // "Fri."
    if ((is(te, "next") || (is(te, "of") && is(te + 1, "next"))) &&
        is(te + (is(te, "of") ? 2 : 1), "week")) {
      te += is(te, "of") ? 3 : 2;
      m = mode::next;
    } else if (is(te, "this") && is(te + 1, "week")) {
      te += 2;
      m = mode::this_week;
    } else if (is(te, "after") && is(te + 1, "next")) {
      expr e = day_expr(i, te + 2, in_week(today_, wd->wd, 2));
      e.weekday = wd->wd;
      return e;
    }
    expr e = day_expr(i, te, today_);
    e.weekday = wd->wd;
    switch (m) {
      case mode::bare:
        if (names_today(i)) {
          // "it's Thursday now", "today is friday": today (or the one just gone, if the
          // user's calendar is a day off).
          e.day = most_recent(today_, wd->wd, true);
        } else if (!modified && tense_around(i, te) == word_tense::past) {
          e.day = most_recent(today_, wd->wd, false);
        } else {
          e.day = upcoming(today_, wd->wd, false);
        }
        e.weekday_only = !modified;
        break;
      case mode::this_week:
        e.day = tense_around(i, te) == word_tense::past ? most_recent(today_, wd->wd, true)
                                                   : upcoming(today_, wd->wd, true);
        break;
      case mode::next:
        e.day = in_week(today_, wd->wd, 1);
        break;
      case mode::last:
        e.day = most_recent(today_, wd->wd, false);
        break;
    }
    return e;
  }

  // ------------------------------------------------ calendar dates

  struct day_number {
    int value = 0;
    bool ordinal = false;
  };

  static std::optional<day_number> day_number_of(std::string_view w) {
    static constexpr std::string_view ordinals[] = {"first", "second", "third",   "fourth",
                                                    "fifth", "sixth",  "seventh", "eighth",
                                                    "ninth", "tenth"};
    for (std::size_t i = 0; i < std::size(ordinals); ++i) {
      if (w == ordinals[i]) return day_number{static_cast<int>(i) + 1, true};
    }
    auto sp = split_digits(w);
    if (sp.value < 1 || sp.value > 31 || sp.digits > 2) return std::nullopt;
    if (sp.rest.empty()) return day_number{static_cast<int>(sp.value), false};
    if (sp.rest == "st" || sp.rest == "nd" || sp.rest == "rd" || sp.rest == "th") {
      return day_number{static_cast<int>(sp.value), true};
    }
    return std::nullopt;
  }

  // A four-digit year, or nothing.
  std::optional<int> year_at(std::size_t k) const {
    if (!word(k)) return std::nullopt;
    auto n = plain_number(s(k));
    if (!n || s(k).size() != 4 || *n < 1900 || *n > 2200) return std::nullopt;
    if (is(k + 1, ":") || is(k + 1, "am") || is(k + 1, "pm")) return std::nullopt;
    return static_cast<int>(*n);
  }
  // A year after a date ("Dec 3 2026", "Dec 3, 2026"); moves `te` past it when present.
  std::optional<int> optional_year(std::size_t& te) const {
    if (is(te, ",")) {
      if (auto y = year_at(te + 1)) {
        te += 2;
        return y;
      }
    }
    if (auto y = year_at(te)) {
      te += 1;
      return y;
    }
    return std::nullopt;
  }

  // A month and day without a year: the occurrence in the window around today.
  std::optional<local_days> in_window(int month, int day) const {
    const int y = static_cast<int>(ch::year_month_day{today_}.year());
    for (int cand : {y - 1, y, y + 1}) {
      auto d = make_day(cand, month, day);
      if (!d) continue;
      const auto diff = (*d - today_).count();
      if (diff >= -90 && diff < 275) return d;
    }
    return std::nullopt;
  }

  std::optional<expr> calendar_expr(std::size_t tb, std::size_t te, int month, int day,
                                    std::optional<int> year) const {
    std::optional<local_days> d = year ? make_day(*year, month, day) : in_window(month, day);
    if (!d) return std::nullopt;
    expr e = day_expr(tb, te, *d);
    e.calendar = true;
    return e;
  }

  std::optional<expr> parse_calendar(std::size_t i, bool after_deadline_word) {
    if (auto e = parse_numeric_date(i)) return e;
    std::size_t k = i;
    const bool the = is(k, "the");
    if (the) ++k;
    if (!word(k)) return std::nullopt;
    // Month first: "Dec 3rd", "December 3, 2026", "dec. 3", "December the 3rd"
    if (auto m = month_of(s(k)); m && !the) {
      std::size_t d = k + 1;
      if (is(d, ".") || is(d, "-")) ++d;
      if (is(d, "the")) ++d;
      if (!word(d)) return std::nullopt;
      auto dn = day_number_of(s(d));
      if (!dn) return std::nullopt;
      std::size_t te = d + 1;
      if (m->ambiguous && !dn->ordinal && !follower_ok(te)) return std::nullopt;
      if (is(te, ":") || is(te, "/")) return std::nullopt;  // "may 3:30", a time
      auto year = optional_year(te);
      return calendar_expr(i, te, m->month, dn->value, year);
    }
    // Day first: "3 December", "3rd of dec", "the 3rd of December"
    auto dn = day_number_of(s(k));
    if (!dn) return std::nullopt;
    std::size_t m = k + 1;
    if (is(m, "of")) ++m;
    if (auto mw = month_of(s(m)); mw && word(m)) {
      if (mw->ambiguous && !dn->ordinal && !is(k + 1, "of") && !follower_ok(m + 1)) {
        return std::nullopt;
      }
      std::size_t te = m + 1;
      auto year = optional_year(te);
      return calendar_expr(i, te, mw->month, dn->value, year);
    }
    // An ordinal alone: "on the 3rd", "by the 20th". Not "the 2nd interview".
    if (!dn->ordinal || !ascii_digit(s(k)[0])) return std::nullopt;
    const bool lead = the || (i > 0 && (is(i - 1, "on") || after_deadline_word));
    // "the 3rd of this month", "the 3rd of next month"
    std::optional<int> named_month;
    std::size_t te = k + 1;
    if (is(te, "of") && (is(te + 1, "this") || is(te + 1, "next")) && is(te + 2, "month")) {
      named_month = is(te + 1, "next") ? 1 : 0;
      te += 3;
    }
    if (!lead || !follower_ok(te)) return std::nullopt;
    ch::year_month_day now{today_};
    const int today_day = static_cast<int>(static_cast<unsigned>(now.day()));
    const bool past = tense_around(i, te) == word_tense::past;
    int month_shift = 0;
    if (past && dn->value > today_day) month_shift = -1;
    if (!past && dn->value < today_day) month_shift = 1;
    if (named_month) month_shift = *named_month;
    // "the 31st" in a 30-day month is the next (or, told of the past, the last) month that has one.
    std::optional<local_days> d;
    const local_days month_start{ch::year_month_day{now.year(), now.month(), ch::day{1}}};
    for (int tries = 0; tries < (named_month ? 1 : 3) && !d; ++tries) {
      const ch::year_month_day first{add_months(month_start, month_shift)};
      d = make_day(static_cast<int>(first.year()),
                   static_cast<int>(static_cast<unsigned>(first.month())), dn->value);
      month_shift += past ? -1 : 1;
    }
    if (!d) return std::nullopt;
    expr e = day_expr(i, te, *d);
    e.month_day = named_month ? 0 : dn->value;
    e.calendar = true;
    return e;
  }

  // "12/3", "12/3/2026", "12/3/26", "2026-12-03", "25/11"
  std::optional<expr> parse_numeric_date(std::size_t i) {
    if (!word(i) || !plain_number(s(i))) return std::nullopt;
    if (i > 0 && glued(i) &&
        (is(i - 1, "/") || is(i - 1, "-") || is(i - 1, ".") || is(i - 1, ":") || is(i - 1, "$") ||
         is(i - 1, "#"))) {
      return std::nullopt;
    }
    const bool slash = is(i + 1, "/");
    const bool dash = is(i + 1, "-");
    if (!(slash || dash) || !glued(i + 1) || !glued(i + 2) || !word(i + 2)) return std::nullopt;
    auto a = plain_number(s(i));
    auto b = plain_number(s(i + 2));
    if (!b) return std::nullopt;
    std::optional<long> c;
    std::size_t te = i + 3;
    if (is(te, s(i + 1)) && glued(te) && glued(te + 1) && word(te + 1)) {
      c = plain_number(s(te + 1));
      if (!c) return std::nullopt;
      te += 2;
    }
    // More of the same ("1/2/3/4", a phone number "555-123-4567") is not a date.
    if (te < size() && glued(te) &&
        (is(te, "/") || is(te, "-") || (word(te) && ascii_digit(s(te)[0])))) {
      return std::nullopt;
    }
    if (s(i).size() == 4) {  // ISO order
      if (!c || s(i + 2).size() > 2 || s(te - 1).size() > 2) return std::nullopt;
      return calendar_expr(i, te, static_cast<int>(*b), static_cast<int>(*c), static_cast<int>(*a));
    }
    if (dash) return std::nullopt;  // "9-5", "2-3 days": ranges
    if (s(i).size() > 2 || s(i + 2).size() > 2) return std::nullopt;
    long month = *a, day = *b;
    if (month > 12 && day <= 12) std::swap(month, day);
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    if (*a == 24 && *b == 7) return std::nullopt;  // "24/7"
    // Ratings and fractions: "10/10", "rated 4/5", "1/2 hour".
    if (!c) {
      static constexpr std::string_view not_after[] = {
          "of",     "hour",   "hours", "hr",        "hrs",     "mile",      "miles", "cup",
          "way",    "chance", "odds",  "split",     "ratio",   "stars",     "star",  "times",
          "people", "scale",  "would", "recommend", "percent", "interviews"};
      static constexpr std::string_view rating_words[] = {"rate",   "rated", "rating", "score",
                                                          "scored", "give",  "gave"};
      if (word(te) && in(s(te), not_after)) return std::nullopt;
      for (std::size_t k = i, seen = 0; k-- > 0 && seen < 3; ++seen) {
        if (word(k) && in(s(k), rating_words)) return std::nullopt;
      }
      if (i > 0 && (is(i - 1, "a") || is(i - 1, "an"))) return std::nullopt;
      if (*a == 10 && *b == 10 && !(i > 0 && (is(i - 1, "on") || is(i - 1, "by")))) {
        return std::nullopt;
      }
    }
    std::optional<int> year;
    if (c) {
      if (s(te - 1).size() == 2) {
        year = 2000 + static_cast<int>(*c);
      } else if (s(te - 1).size() == 4) {
        year = static_cast<int>(*c);
      } else {
        return std::nullopt;
      }
    }
    return calendar_expr(i, te, static_cast<int>(month), static_cast<int>(day), year);
  }

  // ------------------------------------------------ times of day

  // am/pm after a number, as a separate token or spelled "a.m."; returns the tokens used.
  std::size_t meridiem_at(std::size_t k, int& meridiem) const {
    if (!word(k)) return 0;
    const auto& w = s(k);
    if ((w == "a" || w == "p") && is(k + 1, ".") && is(k + 2, "m")) {
      meridiem = w == "a" ? 1 : 2;
      std::size_t used = 3;
      if (is(k + 3, ".")) ++used;
      return used;
    }
    if (w == "am" || w == "pm" || w == "p") {
      meridiem = w == "am" ? 1 : 2;
      std::size_t used = 1;
      if (is(k + 1, ".") && glued(k + 1)) ++used;
      return used;
    }
    return 0;
  }

  static bool meridiem_suffix(std::string_view rest, int& meridiem) {
    if (rest == "am") {
      meridiem = 1;
      return true;
    }
    if (rest == "pm" || rest == "p") {
      meridiem = 2;
      return true;
    }
    return false;
  }

  // An hour 1..12 as digits or a word ("half past two", "quarter to 3").
  std::optional<int> hour_at(std::size_t k) const {
    if (!word(k)) return std::nullopt;
    if (auto n = number_word(s(k)); n && *n >= 1 && *n <= 12) return *n;
    if (auto n = plain_number(s(k)); n && *n >= 1 && *n <= 12 && s(k).size() <= 2) {
      return static_cast<int>(*n);
    }
    return std::nullopt;
  }

  struct clock_reading {
    int hour = -1;
    int minute = 0;
    int meridiem = 0;      // 1 am, 2 pm
    bool exact = false;    // a 24-hour reading ("14:30", "09:00"): no am/pm to guess
    bool sure = false;     // a time even without "at": minutes, am/pm, o'clock, "half past"
    bool spelled = false;  // "ten", not "10"
    std::size_t te = 0;
  };

  // "2", "2pm", "2 pm", "2:30", "2:30pm", "2.30 p.m.", "ten", "ten thirty", "3 o'clock",
  // "3ish", "half past 2", "quarter to 3", "half two" (British for 2:30).
  std::optional<clock_reading> parse_clock(std::size_t k) const {
    if (!word(k)) return std::nullopt;
    clock_reading c;
    const auto& w = s(k);
    bool leading_zero = false;
    if (w == "half" || w == "quarter") {
      std::size_t h = k + 1;
      bool to = false;
      if (is(h, "past") || is(h, "after")) {
        ++h;
      } else if (w == "quarter" && (is(h, "to") || is(h, "till") || is(h, "til"))) {
        to = true;
        ++h;
      } else if (w == "quarter") {
        return std::nullopt;
      }
      auto hr = hour_at(h);
      if (!hr) return std::nullopt;
      c.hour = to ? (*hr == 1 ? 12 : *hr - 1) : *hr;
      c.minute = to ? 45 : (w == "half" ? 30 : 15);
      c.sure = true;
      c.te = h + 1;
    } else if (auto n = number_word(w); n && *n >= 1 && *n <= 12) {
      c.hour = *n;
      c.te = k + 1;
      c.spelled = true;
      if (auto m = number_word(s(c.te)); m && (*m == 30 || *m == 15) && word(c.te)) {
        c.minute = *m;
        ++c.te;
      }
    } else {
      auto sp = split_digits(w);
      if (sp.value < 0 || sp.digits > 4) return std::nullopt;
      if (sp.digits > 2) {
        // "930am", "1030 pm": only with am/pm, else it is a count or a year.
        int mer = 0;
        if (sp.rest.empty() ? meridiem_at(k + 1, mer) == 0 : !meridiem_suffix(sp.rest, mer)) {
          return std::nullopt;
        }
        if (sp.value % 100 > 59) return std::nullopt;
        c.minute = static_cast<int>(sp.value % 100);
        c.meridiem = sp.rest.empty() ? 0 : mer;  // a separate "am" is read below
        sp.value /= 100;
        sp.rest = {};
      }
      c.hour = static_cast<int>(sp.value);
      c.te = k + 1;
      leading_zero = sp.digits == 2 && w[0] == '0';
      if (sp.digits > 2) {
        // minutes and am/pm already read
      } else if (!sp.rest.empty()) {
        if (sp.rest == "ish") {
          c.sure = true;
        } else if (!meridiem_suffix(sp.rest, c.meridiem)) {
          return std::nullopt;
        }
      } else if ((is(c.te, ":") || is(c.te, ".")) && glued(c.te) && glued(c.te + 1) &&
                 word(c.te + 1)) {
        const bool dot = is(c.te, ".");
        auto mp = split_digits(s(c.te + 1));
        if (mp.digits != 2 || mp.value > 59) return std::nullopt;
        if (!mp.rest.empty() && !meridiem_suffix(mp.rest, c.meridiem)) return std::nullopt;
        c.minute = static_cast<int>(mp.value);
        c.te += 2;
        if (is(c.te, ":") && glued(c.te)) return std::nullopt;  // "10:30:45", "1:2:3"
        if (dot && c.meridiem == 0) {
          int m = 0;
          if (meridiem_at(c.te, m) == 0) return std::nullopt;  // "2.30" alone is a number
        }
        c.sure = !dot || c.meridiem != 0;
      }
    }
    if (c.meridiem == 0) {
      if (std::size_t used = meridiem_at(c.te, c.meridiem)) c.te += used;
    }
    if (c.meridiem == 0) {
      if (is(c.te, "o'clock") || is(c.te, "oclock")) {
        c.sure = true;
        ++c.te;
      } else if (is(c.te, "o") && is(c.te + 1, "clock")) {
        c.sure = true;
        c.te += 2;
      } else if (is(c.te, "ish") || (is(c.te, "-") && is(c.te + 1, "ish"))) {
        c.sure = true;
        c.te += is(c.te, "-") ? 2 : 1;
      }
    }
    if (c.hour < 0 || c.hour > 23) return std::nullopt;
    if (c.meridiem != 0) {
      if (c.hour == 0) return std::nullopt;
      if (c.hour > 12) c.meridiem = 0;  // "14pm": the clock already says it
      c.sure = true;
    }
    c.exact = c.meridiem == 0 && (leading_zero || c.hour == 0 || c.hour > 12);
    return c;
  }

  // A word that names a day, next to a spelled-out hour: "tomorrow at ten", "at ten on friday".
  bool names_day(std::size_t k) const {
    if (!word(k)) return false;
    const auto& w = s(k);
    if (w == "on" || w == "this" || w == "next" || (w == "in" && is(k + 1, "the"))) return true;
    return today_word(w) || tomorrow_word(w) || tonight_word(w) || yesterday_word(w) ||
           (weekday_of(w) && !weekday_of(w)->ambiguous);
  }

  std::optional<expr> parse_time(std::size_t i, bool after_deadline_word) {
    std::size_t k = i;
    bool lead = after_deadline_word;
    bool range_lead = false;
    while (is(k, "at") || is(k, "@") || is(k, "around") || is(k, "arround") || is(k, "abt") ||
           (is(k, "about") && lead) || is(k, "approx") || is(k, "from") || is(k, "between")) {
      range_lead = range_lead || is(k, "from") || is(k, "between");
      lead = true;
      ++k;
    }
    if (!word(k)) return std::nullopt;
    expr e;
    e.tb = i;
    const auto& w = s(k);
    if (w == "noon" || w == "midday" || w == "noonish" || (w == "12" && is(k + 1, "noon"))) {
      e.time = ch::hours{12};
      e.te = k + (w == "12" ? 2 : 1);
      return e;
    }
    if (w == "midnight" || (w == "12" && is(k + 1, "midnight"))) {
      e.time = minutes{0};
      e.midnight = true;
      e.te = k + (w == "12" ? 2 : 1);
      return e;
    }
    auto c = parse_clock(k);
    if (!c) return std::nullopt;
    // A range ("2-3pm", "10 to 11am") starts at its first figure, with the end's am/pm.
    std::size_t te = c->te;
    if (is(te, "-") || is(te, "to") || is(te, "till") || is(te, "til") ||
        (is(te, "and") && range_lead)) {
      if (auto end = parse_clock(te + 1)) {
        if (end->meridiem != 0 && c->meridiem == 0 && !c->exact) {
          // "2-3pm" is afternoon; "10-12pm" and "11-1pm" start in the morning.
          const bool pm = end->meridiem == 2 && (c->hour == 12 || c->hour % 12 < end->hour % 12);
          c->meridiem = pm ? 2 : 1;
          c->sure = true;
        }
        // "from 2 to 4": the end is part of the expression, so a day after it still joins.
        if (end->meridiem != 0 || end->exact || end->sure || range_lead) te = end->te;
      }
    }
    if (!c->sure) {
      // A bare number is a time only after "at" and when what follows fits ("at 3 companies"
      // is a count, "at 10/10" a rating).
      if (!lead || !follower_ok(te) || c->hour == 0) return std::nullopt;
      // "stop at two", "at one point": a spelled number needs a day beside it to be a time.
      if (c->spelled && !names_day(te) && !(i > 0 && names_day(i - 1))) return std::nullopt;
      if (glued(te) && (is(te, "/") || (is(te, ".") && word(te + 1) && glued(te + 1) &&
                                        ascii_digit(s(te + 1)[0])))) {
        return std::nullopt;
      }
    }
    e.te = te;
    if (c->meridiem != 0) {
      e.time = ch::hours{c->hour % 12 + (c->meridiem == 2 ? 12 : 0)} + minutes{c->minute};
    } else if (c->exact) {
      e.time = ch::hours{c->hour} + minutes{c->minute};
    } else {
      e.bare_hour = c->hour;
      e.bare_minute = c->minute;
      e.time = resolve_bare_hour(c->hour, c->minute, part_of_day::none);
    }
    // "10 in the morning", "8 at night" settle am/pm.
    std::size_t p = e.te;
    if (is(p, "in") && is(p + 1, "the") && part_of_day_of(s(p + 2)) && s(p + 2).size() > 2) {
      e.pod = *part_of_day_of(s(p + 2));
      e.te = p + 3;
    } else if (is(p, "at") && is(p + 1, "night")) {
      e.pod = part_of_day::night;
      e.te = p + 2;
    }
    // Zone abbreviations are the user's own zone in practice; they belong to the expression.
    static constexpr std::string_view zones[] = {"est", "edt", "et",   "pst", "pdt",  "pt",   "cst",
                                                 "cdt", "ct",  "mst",  "mdt", "mt",   "gmt",  "utc",
                                                 "bst", "cet", "cest", "ist", "aest", "sharp"};
    if (word(e.te) && in(s(e.te), zones)) ++e.te;
    return e;
  }

  // ------------------------------------------------ joining pieces

  bool connector(std::size_t k) const {
    static constexpr std::string_view words[] = {",",  "at",  "@",        "around", "about", "-",
                                                 "on", "(",   ")",        "from",   "maybe", "like",
                                                 "~",  "the", "starting", "by"};
    return in(s(k), words);
  }

  bool joinable_gap(const expr& a, const expr& b) const {
    if (b.tb < a.te || b.tb - a.te > 3) return false;
    for (std::size_t k = a.te; k < b.tb; ++k) {
      if (!connector(k)) return false;
    }
    return true;
  }

  // "Thursday the 21st": the first month from the one chosen (backwards for a past date) whose
  // 21st is a Thursday; if none in a year, the date as read.
  local_days month_with_weekday(local_days chosen, int month_day, int wd) const {
    if (weekday_index(chosen) == wd) return chosen;
    const int step = chosen < today_ ? -1 : 1;
    const ch::year_month_day c{chosen};
    const local_days month_start{ch::year_month_day{c.year(), c.month(), ch::day{1}}};
    for (int i = 1; i <= 12; ++i) {
      const ch::year_month_day m{add_months(month_start, step * i)};
      auto d = make_day(static_cast<int>(m.year()),
                        static_cast<int>(static_cast<unsigned>(m.month())), month_day);
      if (d && weekday_index(*d) == wd) return *d;
    }
    return chosen;
  }

  static bool day_only(const expr& e) { return e.day && !e.time && !e.fixed; }
  static bool time_only(const expr& e) { return !e.day && e.time; }

  static date_relation combine(date_relation a, date_relation b) {
    if (a == date_relation::by || b == date_relation::by) return date_relation::by;
    if (a == date_relation::in || b == date_relation::in) return date_relation::in;
    return date_relation::at;
  }

  bool try_merge(expr& a, const expr& b) const {
    if (!joinable_gap(a, b)) return false;
    // "Friday, Dec 3" / "12/3 (friday)": the calendar date is the precise one.
    if (a.weekday_only && b.calendar && !b.time) {
      const auto rel = combine(a.rel, b.rel);
      const auto tb = a.tb;
      const int wd = a.weekday;
      a = b;
      a.tb = tb;
      a.rel = rel;
      if (a.month_day != 0) a.day = month_with_weekday(*a.day, a.month_day, wd);
      return true;
    }
    if (a.calendar && b.weekday_only) {
      a.te = b.te;
      return true;
    }
    // "tomorrow eod", "eod friday"
    if (day_only(a) && b.eod && !a.eod) {
      a.te = b.te;
      a.rel = date_relation::by;
      return true;
    }
    if (a.eod && day_only(b) && !b.eod) {
      const auto tb = a.tb;
      a = b;
      a.tb = tb;
      a.rel = date_relation::by;
      return true;
    }
    // A day and a time, either way round.
    if (day_only(a) && time_only(b)) {
      a.time = b.time;
      a.midnight = b.midnight;
      a.bare_hour = b.bare_hour;
      a.bare_minute = b.bare_minute;
      if (b.pod != part_of_day::none) a.pod = b.pod;
      a.rel = combine(a.rel, b.rel);
      a.te = b.te;
      return true;
    }
    if (time_only(a) && day_only(b)) {
      expr m = b;
      m.tb = a.tb;
      m.time = a.time;
      m.midnight = a.midnight;
      m.bare_hour = a.bare_hour;
      m.bare_minute = a.bare_minute;
      if (a.pod != part_of_day::none) m.pod = a.pod;
      m.rel = combine(a.rel, b.rel);
      m.offset = b.offset;
      m.weekday_only = false;
      a = m;
      return true;
    }
    return false;
  }

  void finish(expr& e) const {
    if (e.fixed) return;
    if (!e.day && e.time) e.day = today_;
    if (e.bare_hour != 0) e.time = resolve_bare_hour(e.bare_hour, e.bare_minute, e.pod);
    if (e.midnight) *e.day += days{1};
    if (e.rel == date_relation::in) e.offset = static_cast<int>((*e.day - today_).count());
  }
};

}  // namespace

std::vector<resolved_date> parse_dates(std::span<const token> toks, std::string_view text,
                                       sys_time now, const date::time_zone& tz) {
  std::vector<resolved_date> out;
  if (toks.empty()) return out;
  const local_days today{ch::floor<days>(tz.to_local(now).time_since_epoch())};
  parser p(toks, tz, now, today);
  for (const auto& e : p.run()) {
    resolved_date r;
    r.tb = e.tb;
    r.te = e.te;
    r.begin = toks[e.tb].begin;
    r.end = toks[e.te - 1].end;
    r.text = std::string(text.substr(r.begin, r.end - r.begin));
    r.day = *e.day;
    r.time_of_day = e.time;
    r.relation = e.rel;
    r.offset_days = e.rel == date_relation::in ? e.offset : 0;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace followup::nlu
