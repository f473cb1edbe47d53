#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"
#include "bot/conversation/nlu/document.hpp"

namespace date {
class time_zone;
}

namespace followup::nlu {

// How a date relates to what the user said: "at 2pm" / "on Friday" (at), "by Friday" / "end of
// the week" (by: a deadline), "in 4 days" / "a week from now" (in: an offset from today).
enum class date_relation { at, by, in };

// What a date is for, read from the words around it: the interview itself ("interviewed today
// at 2"), when the employer will decide or answer ("HR will let me know by Monday", "he'll ring
// me by Friday"), or when the user may contact them ("call her in 4 days", "said I could check
// in on the 16th").
enum class date_role { interview, decision, call };
std::string_view to_string(date_role r);

// A date or date-time found in a message, resolved against the message time in the user's
// time zone.
struct resolved_date {
  std::string text;       // the words it came from, as written
  std::size_t begin = 0;  // byte offsets of `text` in the message
  std::size_t end = 0;
  std::size_t tb = 0;  // tokens [tb, te) of the document
  std::size_t te = 0;
  std::chrono::local_days day{};                    // local calendar day
  std::optional<std::chrono::minutes> time_of_day;  // local time, when one was given
  date_relation relation = date_relation::at;
  int offset_days = 0;  // for relation::in: the N of "in N days"
  date_role role = date_role::interview;
};

// Finds every date/time expression in `text` (the message as the user wrote it, any case,
// with chat spellings such as "tmrw", "2moro", "nxt tues") and resolves it against `now` in
// `tz`. Understands: today/tonight/tomorrow/yesterday, weekdays ("friday", "next tuesday",
// "this thu"), "on 12/3" (US month/day), "Dec 3rd", "3 December", "Dec 3rd 2:30pm", times
// ("2pm", "14:30", "at 10", "noon"), "in 4 days", "in two weeks", "a week from now",
// "by Friday", "end of the week", "end of the day". Returns them in order of appearance.
// Never throws on any input; ambiguous or impossible dates (Feb 30) are left out.
std::vector<resolved_date> find_dates(std::string_view text, sys_time now,
                                      const date::time_zone& tz);
// Whether tokens [tb, te) could hold a date at all (a digit or a word dates are made of): a
// quick test before the grammar runs.
bool might_name_a_date(const document& doc, std::size_t tb, std::size_t te);
// The same over tokens [tb, te) of an analysed message, with each date's role.
std::vector<resolved_date> find_dates(const document& doc, std::size_t tb, std::size_t te,
                                      sys_time now, const date::time_zone& tz);

// The UTC instant of a resolved date: its time of day if given, else `default_time` local.
// Correct across DST changes (a nonexistent local time moves forward, an ambiguous one takes
// the earlier instant).
sys_time to_instant(const resolved_date& d, const date::time_zone& tz,
                    std::chrono::minutes default_time = std::chrono::hours(9));

// "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" when a time was given (local).
std::string to_local_string(const resolved_date& d);

// {"text","date":"YYYY-MM-DD","time":"HH:MM"|null,"at":"ISO-8601 with offset"|null,
//  "relation":"at"|"by"|"in","days":N (only for "in"),"role":"interview"|"decision"|"call"}
nlohmann::json to_json(const resolved_date& d, const date::time_zone& tz);

// The zone named `name` (IANA, e.g. "America/New_York"), or nullptr if unknown.
const date::time_zone* find_zone(std::string_view name);

}  // namespace followup::nlu
