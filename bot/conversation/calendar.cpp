#include "bot/conversation/calendar.hpp"

#include <date/tz.h>

#include "bot/conversation/nlu/dates.hpp"

namespace followup {

using std::chrono::days;
using std::chrono::local_days;
using std::chrono::minutes;

bool is_business_day(local_days day) {
  std::chrono::weekday wd{day};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

local_days next_business_day(local_days day) {
  do {
    day += days(1);
  } while (!is_business_day(day));
  return day;
}

local_days business_day_on_or_after(local_days day) {
  return is_business_day(day) ? day : next_business_day(day);
}

sys_time local_instant(const date::time_zone& tz, local_days day, minutes time_of_day) {
  nlu::resolved_date r;
  r.day = day;
  r.time_of_day = time_of_day;
  return nlu::to_instant(r, tz, time_of_day);
}

local_days local_day(const date::time_zone& tz, sys_time t) {
  auto local = tz.to_local(t);
  return local_days{days{date::floor<date::days>(local).time_since_epoch().count()}};
}

minutes local_time_of_day(const date::time_zone& tz, sys_time t) {
  auto local = tz.to_local(t);
  auto since_midnight = local - date::floor<date::days>(local);
  return std::chrono::duration_cast<minutes>(since_midnight);
}

}  // namespace followup
