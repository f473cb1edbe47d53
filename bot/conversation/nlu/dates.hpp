#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"

namespace date {
class time_zone;
}

namespace followup::nlu {

// How a date relates to what the user said: "at 2pm" / "on Friday" (at), "by Friday" / "end of
// the week" (by: a deadline), "in 4 days" / "a week from now" (in: an offset from today).
enum class date_relation { at, by, in };

// A date or date-time found in a message, resolved against the message time in the user's
// time zone.
struct resolved_date {
  std::string text;       // the words it came from, as written
  std::size_t begin = 0;  // byte offsets of `text` in the message
  std::size_t end = 0;
  std::chrono::local_days day{};                    // local calendar day
  std::optional<std::chrono::minutes> time_of_day;  // local time, when one was given
  date_relation relation = date_relation::at;
  int offset_days = 0;  // for relation::in: the N of "in N days"
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

// The UTC instant of a resolved date: its time of day if given, else `default_time` local.
// Correct across DST changes (a nonexistent local time moves forward, an ambiguous one takes
// the earlier instant).
sys_time to_instant(const resolved_date& d, const date::time_zone& tz,
                    std::chrono::minutes default_time = std::chrono::hours(9));

// "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" when a time was given (local).
std::string to_local_string(const resolved_date& d);

// {"text","date":"YYYY-MM-DD","time":"HH:MM"|null,"at":"ISO-8601 with offset"|null,
//  "relation":"at"|"by"|"in","days":N (only for "in")}
nlohmann::json to_json(const resolved_date& d, const date::time_zone& tz);

// The zone named `name` (IANA, e.g. "America/New_York"), or nullptr if unknown.
const date::time_zone* find_zone(std::string_view name);

}  // namespace followup::nlu
