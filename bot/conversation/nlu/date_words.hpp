#pragma once
// The words of dates and times, and the calendar arithmetic the date grammar uses. Internal to
// the date reader (date_grammar.cpp, dates.cpp).
#include <algorithm>
#include <chrono>
#include <optional>
#include <string_view>

#include "bot/conversation/nlu/document.hpp"

namespace followup::nlu::date_words {

// Searched for every word of every message: the length and first letter rule out nearly
// every entry before the bytes are compared.
template <typename Set>
bool in(std::string_view s, const Set& set) {
  if (s.empty()) return false;
  for (const auto& w : set) {
    const std::string_view v(w);
    if (v.size() == s.size() && v[0] == s[0] && v == s) return true;
  }
  return false;
}

bool ascii_digit(char c);
std::string_view strip_possessive(std::string_view s);
// A misspelling of `target` ("wendsday", "tommorow"), but not its plural ("fridays").
bool near_miss(std::string_view word, std::string_view target);

extern const std::string_view weekday_names[7];
struct weekday_word {
  int wd = 0;              // 0 = Sunday, as std::chrono::weekday::c_encoding
  bool ambiguous = false;  // "sat", "sun": English words too
};
std::optional<weekday_word> weekday_of(std::string_view raw);
// "wed love to": chat spelling of "we'd", not Wednesday.
bool wed_means_we_would(std::string_view next);

struct month_word {
  int month = 0;
  bool ambiguous = false;  // "may", "march": English words too
};
std::optional<month_word> month_of(std::string_view s);

std::optional<int> number_word(std::string_view s);
// Digits at the start of `s` (at most 9) and what follows them.
struct split_number {
  long value = -1;
  std::size_t digits = 0;
  std::string_view rest;
};
split_number split_digits(std::string_view s);
std::optional<long> plain_number(std::string_view s);

enum class unit { minute, hour, day, week, month, year, business_day };
std::optional<unit> unit_of(std::string_view raw);

bool is_sentence_end(const token& t);
// Words that can follow a bare number and keep it a time or a day ("at 10 with Jane") rather
// than a count ("at 3 companies").
bool harmless_follower(std::string_view s);

enum class part_of_day { none, morning, afternoon, evening, night };
std::optional<part_of_day> part_of_day_of(std::string_view s);

enum class word_tense { unknown, past, future };
word_tense tense_of_word(std::string_view s);

// Calendar arithmetic on local days.
int weekday_index(std::chrono::local_days d);
std::chrono::local_days upcoming(std::chrono::local_days today, int wd, bool include_today);
std::chrono::local_days most_recent(std::chrono::local_days today, int wd, bool include_today);
// X in the Monday-to-Sunday week that starts `weeks` weeks after this one.
std::chrono::local_days in_week(std::chrono::local_days today, int wd, int weeks);
std::chrono::local_days add_months(std::chrono::local_days d, long n);
std::chrono::local_days add_business_days(std::chrono::local_days d, long n);
std::optional<std::chrono::local_days> make_day(int y, int m, int d);

}  // namespace followup::nlu::date_words
