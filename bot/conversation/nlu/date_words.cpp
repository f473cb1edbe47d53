#include "bot/conversation/nlu/date_words.hpp"

#include <array>

namespace followup::nlu::date_words {

namespace ch = std::chrono;
using ch::days;
using ch::local_days;

bool ascii_digit(char c) {
  return c >= '0' && c <= '9';
}



std::string_view strip_possessive(std::string_view s) {
  if (s.size() > 2 && s.ends_with("'s")) s.remove_suffix(2);
  return s;
}

// Optimal string alignment distance, abandoned early past `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit) {
  if (static_cast<int>(a.size()) - static_cast<int>(b.size()) > limit ||
      static_cast<int>(b.size()) - static_cast<int>(a.size()) > limit) {
    return limit + 1;
  }
  std::array<std::array<int, 16>, 16> d{};
  if (a.size() >= 16 || b.size() >= 16) return limit + 1;
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int row_min = limit + 1;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, d[i - 2][j - 2] + 1);
      }
      d[i][j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
  }
  return d[a.size()][b.size()];
}

bool all_letters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// A misspelling of `target` ("wendsday", "tommorow"), but not its plural ("fridays" is a
// habit, not a date).
bool near_miss(std::string_view word, std::string_view target) {
  if (word.size() < 5 || word.size() > 12 || !all_letters(word)) return false;
  if (word.size() == target.size() + 1 && word.back() == 's' && word.starts_with(target)) {
    return false;
  }
  if (word[0] != target[0]) return false;
  const int limit = target.size() >= 8 && word.size() >= 7 ? 2 : 1;
  return edit_distance(word, target, limit) <= limit;
}

const std::string_view weekday_names[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday"};


std::optional<weekday_word> weekday_of(std::string_view raw) {
  const auto s = strip_possessive(raw);
  for (int i = 0; i < 7; ++i) {
    if (s == weekday_names[i]) return weekday_word{i, false};
  }
  static constexpr std::pair<std::string_view, int> abbrevs[] = {
      {"mon", 1},      {"tue", 2},      {"tues", 2},      {"wed", 3}, {"weds", 3},
      {"thu", 4},      {"thur", 4},     {"thurs", 4},     {"fri", 5}, {"wensday", 3},
      {"wendsday", 3}, {"wednsday", 3}, {"wedensday", 3},
  };
  for (const auto& [w, wd] : abbrevs) {
    if (s == w) return weekday_word{wd, false};
  }
  if (s == "sat") return weekday_word{6, true};
  if (s == "sun") return weekday_word{0, true};
  for (int i = 0; i < 7; ++i) {
    if (near_miss(s, weekday_names[i])) return weekday_word{i, false};
  }
  return std::nullopt;
}

namespace {
constexpr std::string_view wed_as_we_would[] = {
    "love",   "like",       "be",  "have", "need", "want", "rather", "better",
    "prefer", "appreciate", "get", "go",   "been", "know", "do",     "never"};
}  // namespace

bool wed_means_we_would(std::string_view next) {
  return in(next, wed_as_we_would);
}

constexpr std::string_view month_names[] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};


std::optional<month_word> month_of(std::string_view s) {
  for (int i = 0; i < 12; ++i) {
    if (s == month_names[i]) return month_word{i + 1, i == 2 || i == 4};
  }
  static constexpr std::pair<std::string_view, int> abbrevs[] = {
      {"jan", 1},  {"feb", 2},      {"febuary", 2},  {"mar", 3},        {"apr", 4},  {"jun", 6},
      {"jul", 7},  {"aug", 8},      {"sep", 9},      {"sept", 9},       {"oct", 10}, {"nov", 11},
      {"dec", 12}, {"janurary", 1}, {"feburary", 2}, {"decemeber", 12},
  };
  for (const auto& [w, m] : abbrevs) {
    if (s == w) return month_word{m, false};
  }
  for (int i = 0; i < 12; ++i) {
    if (i == 2 || i == 4 || month_names[i].size() < 6) continue;
    if (near_miss(s, month_names[i])) return month_word{i + 1, false};
  }
  return std::nullopt;
}

std::optional<int> number_word(std::string_view s) {
  static constexpr std::string_view words[] = {
      "zero",     "one",     "two",     "three",     "four",     "five",     "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  for (std::size_t i = 0; i < std::size(words); ++i) {
    if (s == words[i]) return static_cast<int>(i);
  }
  if (s == "thirty") return 30;
  return std::nullopt;
}


split_number split_digits(std::string_view s) {
  split_number r;
  while (r.digits < s.size() && ascii_digit(s[r.digits])) ++r.digits;
  if (r.digits == 0 || r.digits > 9) return split_number{-1, r.digits, s.substr(r.digits)};
  r.value = 0;
  for (std::size_t i = 0; i < r.digits; ++i) r.value = r.value * 10 + (s[i] - '0');
  r.rest = s.substr(r.digits);
  return r;
}

std::optional<long> plain_number(std::string_view s) {
  auto n = split_digits(s);
  if (n.value < 0 || !n.rest.empty()) return std::nullopt;
  return n.value;
}


std::optional<unit> unit_of(std::string_view raw) {
  auto s = strip_possessive(raw);
  if (s.ends_with("'")) s.remove_suffix(1);
  static constexpr std::pair<std::string_view, unit> units[] = {
      {"min", unit::minute},     {"mins", unit::minute}, {"minute", unit::minute},
      {"minutes", unit::minute}, {"hr", unit::hour},     {"hrs", unit::hour},
      {"hour", unit::hour},      {"hours", unit::hour},  {"h", unit::hour},
      {"day", unit::day},        {"days", unit::day},    {"d", unit::day},
      {"dys", unit::day},        {"week", unit::week},   {"weeks", unit::week},
      {"wk", unit::week},        {"wks", unit::week},    {"month", unit::month},
      {"months", unit::month},   {"mo", unit::month},    {"mos", unit::month},
      {"mths", unit::month},     {"year", unit::year},   {"years", unit::year},
      {"yrs", unit::year},
  };
  for (const auto& [w, u] : units) {
    if (s == w) return u;
  }
  if (s == "fortnight") return unit::week;  // counted as two weeks by the caller
  return std::nullopt;
}

bool is_sentence_end(const token& t) {
  return !t.word() && (t.s == "." || t.s == "!" || t.s == "?" || t.s == ";" || t.s == "\n");
}

// Words that can follow a bare number and keep it a time or a day ("at 10 with Jane",
// "may 3 at noon") rather than a count ("at 3 companies", "may 3 people").
bool harmless_follower(std::string_view s) {
  static constexpr std::string_view ok[] = {
      "at",      "on",     "in",      "by",    "and",    "or",     "to",    "for",     "with",
      "then",    "but",    "so",      "if",    "when",   "around", "about", "after",   "before",
      "is",      "was",    "will",    "would", "am",     "pm",     "noon",  "morning", "afternoon",
      "evening", "night",  "tonight", "i",     "we",     "she",    "he",    "they",    "you",
      "it",      "please", "ok",      "okay",  "thanks", "thx",    "lol",   "maybe",   "probably",
      "from",    "until",  "till",    "sharp", "ish",    "local",  "time",  "my",      "your",
      "her",     "his",    "their",   "our",   "this",   "next",   "the",   "as",      "too",
      "latest",  "est",    "edt",     "et",    "pst",    "pdt",    "pt",    "cst",     "cdt",
      "ct",      "gmt",    "utc",     "bst",   "cet",    "ist"};
  if (in(s, ok)) return true;
  if (weekday_of(s) || month_of(s)) return true;
  return s == "today" || s == "tomorrow" || s == "tmrw" || s == "tmr" || s == "tho" ||
         s == "though" || s == "right";
}


std::optional<part_of_day> part_of_day_of(std::string_view s) {
  if (s == "morning" || s == "mornin" || s == "am") return part_of_day::morning;
  if (s == "afternoon" || s == "aft" || s == "arvo" || s == "pm") return part_of_day::afternoon;
  if (s == "evening" || s == "eve") return part_of_day::evening;
  if (s == "night" || s == "nite") return part_of_day::night;
  return std::nullopt;
}


word_tense tense_of_word(std::string_view s) {
  static constexpr std::string_view past[] = {
      "interviewed", "had",      "was",       "were",      "went",      "did",     "didn't",
      "didnt",       "met",      "spoke",     "talked",    "chatted",   "called",  "emailed",
      "e-mailed",    "sent",     "mailed",    "texted",    "heard",     "applied", "since",
      "last",        "finished", "completed", "wrapped",   "phoned",    "rang",    "messaged",
      "thanked",     "wrote",    "dropped",   "submitted", "visited",   "saw",     "received",
      "happened",    "followed", "tried",     "reached",   "contacted", "haven't", "havent",
      "hasn't",      "hasnt",    "ago"};
  static constexpr std::string_view future[] = {
      "will",   "would",    "gonna",     "going",  "call",     "email",     "follow",
      "hear",   "decide",   "decision",  "get",    "reach",    "contact",   "check",
      "expect", "expected", "expecting", "should", "shall",    "can",       "let",
      "until",  "till",     "next",      "plan",   "planning", "scheduled", "schedule",
      "set",    "is",       "are",       "am",     "i'm",      "want",      "wants",
      "need",   "needs",    "have",      "has",    "meet",     "meeting",   "interviewing",
      "said",   "told",     "says",      "asked",  "promised", "mentioned", "rescheduled",
      "moved",  "pushed",   "postponed"};
  if (in(s, past)) return word_tense::past;
  if (in(s, future) || s.ends_with("'ll") || s.ends_with("'d")) return word_tense::future;
  return word_tense::unknown;
}
// ---------------------------------------------------------------- calendar

int weekday_index(local_days d) {
  return static_cast<int>(ch::weekday{d}.c_encoding());
}

local_days upcoming(local_days today, int wd, bool include_today) {
  int diff = (wd - weekday_index(today) + 7) % 7;
  if (diff == 0 && !include_today) diff = 7;
  return today + days{diff};
}

local_days most_recent(local_days today, int wd, bool include_today) {
  int diff = (weekday_index(today) - wd + 7) % 7;
  if (diff == 0 && !include_today) diff = 7;
  return today - days{diff};
}

// X in the Monday-to-Sunday week that starts `weeks` weeks after this one.
local_days in_week(local_days today, int wd, int weeks) {
  const int monday_based_today = (weekday_index(today) + 6) % 7;
  const int monday_based = (wd + 6) % 7;
  return today - days{monday_based_today} + days{7 * weeks + monday_based};
}

local_days add_months(local_days d, long n) {
  ch::year_month_day ymd{d};
  auto ym = ch::year_month{ymd.year(), ymd.month()} + ch::months{n};
  ch::year_month_day out{ym.year(), ym.month(), ymd.day()};
  if (!out.ok())
    out = ch::year_month_day{ch::year_month_day_last{ym.year(), ch::month_day_last{ym.month()}}};
  return local_days{out};
}

local_days add_business_days(local_days d, long n) {
  while (n > 0) {
    d += days{1};
    const int wd = weekday_index(d);
    if (wd != 0 && wd != 6) --n;
  }
  return d;
}

std::optional<local_days> make_day(int y, int m, int d) {
  ch::year_month_day ymd{ch::year{y}, ch::month{static_cast<unsigned>(m)},
                         ch::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return local_days{ymd};
}

}  // namespace followup::nlu::date_words
