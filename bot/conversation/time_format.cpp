#include "bot/conversation/time_format.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>

namespace followup {
namespace {

namespace ch = std::chrono;

constexpr const char* weekday_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
constexpr const char* month_names[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

struct local_parts {
  ch::local_days day;
  ch::year_month_day ymd;
  ch::seconds time_of_day;  // since local midnight
};

local_parts local_of(sys_time t, const date::time_zone& tz) {
  const auto local = tz.to_local(t).time_since_epoch();
  const auto d = ch::floor<ch::days>(local);
  local_parts p;
  p.day = ch::local_days{d};
  p.ymd = ch::year_month_day{p.day};
  p.time_of_day = ch::floor<ch::seconds>(local - d);
  return p;
}

std::string day_text(const local_parts& p) {
  const auto wd = ch::weekday{p.day}.c_encoding();
  return std::string(weekday_names[wd]) + ", " +
         month_names[static_cast<unsigned>(p.ymd.month()) - 1] + " " +
         std::to_string(static_cast<unsigned>(p.ymd.day()));
}

std::string time_text(const local_parts& p) {
  const auto minutes = ch::floor<ch::minutes>(p.time_of_day).count();
  const int h24 = static_cast<int>(minutes / 60);
  const int h12 = h24 % 12 == 0 ? 12 : h24 % 12;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d:%02d %s", h12, static_cast<int>(minutes % 60),
                h24 < 12 ? "AM" : "PM");
  return buf;
}

}  // namespace

std::string format_day(sys_time t, const date::time_zone& tz) {
  return day_text(local_of(t, tz));
}

std::string format_time(sys_time t, const date::time_zone& tz) {
  return time_text(local_of(t, tz));
}

std::string format_day_time(sys_time t, const date::time_zone& tz) {
  const auto p = local_of(t, tz);
  return day_text(p) + " at " + time_text(p);
}

std::string format_relative(sys_time t, sys_time now, const date::time_zone& tz, bool with_time) {
  const auto p = local_of(t, tz);
  const auto diff = (p.day - local_of(now, tz).day).count();
  std::string out;
  if (diff == 0) {
    out = "today";
  } else if (diff == 1) {
    out = "tomorrow";
  } else if (diff == -1) {
    out = "yesterday";
  } else if (diff > 1 && diff <= 6) {
    out = std::string("on ") + weekday_names[ch::weekday{p.day}.c_encoding()];
  } else {
    out = std::string("on ") + month_names[static_cast<unsigned>(p.ymd.month()) - 1] + " " +
          std::to_string(static_cast<unsigned>(p.ymd.day()));
  }
  if (with_time) out += " at " + time_text(p);
  return out;
}

std::string format_iso(sys_time t, const date::time_zone& tz) {
  const auto p = local_of(t, tz);
  const auto offset = tz.get_info(t).offset;
  const auto secs = p.time_of_day.count();
  const long off_min = static_cast<long>(ch::duration_cast<ch::minutes>(offset).count());
  const long abs_min = off_min < 0 ? -off_min : off_min;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02ld:%02ld",
                static_cast<int>(p.ymd.year()), static_cast<unsigned>(p.ymd.month()),
                static_cast<unsigned>(p.ymd.day()), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                off_min < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
  return buf;
}

}  // namespace followup
