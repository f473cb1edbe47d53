#pragma once
#include <chrono>

#include "bot/clock.hpp"

namespace date {
class time_zone;
}

namespace followup {

// Local calendar arithmetic in a user's zone, DST-safe. Pure functions.
bool is_business_day(std::chrono::local_days day);
std::chrono::local_days next_business_day(std::chrono::local_days day);
// `day` itself when it is a business day, else the next one.
std::chrono::local_days business_day_on_or_after(std::chrono::local_days day);
// The instant of `day` at `time_of_day` local (a nonexistent time moves forward, an ambiguous
// one takes the earlier instant).
sys_time local_instant(const date::time_zone& tz, std::chrono::local_days day,
                       std::chrono::minutes time_of_day);
std::chrono::local_days local_day(const date::time_zone& tz, sys_time t);
std::chrono::minutes local_time_of_day(const date::time_zone& tz, sys_time t);

}  // namespace followup
