#pragma once
#include <string>
#include <string_view>

#include "bot/clock.hpp"

namespace date {
class time_zone;
}

namespace followup {

// Human wording of instants in the user's local time, for replies (English).
std::string format_day(sys_time t, const date::time_zone& tz);   // "Friday, November 27"
std::string format_time(sys_time t, const date::time_zone& tz);  // "3:00 PM"
std::string format_day_time(sys_time t,
                            const date::time_zone& tz);  // "Friday, November 27 at 3:00 PM"
// Relative to `now`: "today", "tomorrow", "yesterday", a weekday within the week ahead
// ("on Friday"), else "on November 27"; with " at 3:00 PM" when `with_time`.
std::string format_relative(sys_time t, sys_time now, const date::time_zone& tz, bool with_time);
// ISO 8601 with the zone's offset: "2026-11-16T14:00:00-05:00".
std::string format_iso(sys_time t, const date::time_zone& tz);

}  // namespace followup
