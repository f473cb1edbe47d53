#include "bot/cli/local_time.hpp"

#include <chrono>
#include <cstdio>

namespace followup::cli {

namespace ch = std::chrono;

std::optional<nlu::resolved_date> parse_local(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  const int n = std::sscanf(s.c_str(), "%d-%d-%dT%d:%d%c", &y, &mo, &d, &h, &mi, &tail);
  if (n != 3 && n != 5) return std::nullopt;
  const ch::year_month_day ymd{ch::year{y}, ch::month{static_cast<unsigned>(mo)},
                               ch::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
  nlu::resolved_date r;
  r.day = ch::local_days{ymd};
  if (n == 5) r.time_of_day = ch::hours{h} + ch::minutes{mi};
  return r;
}

}  // namespace followup::cli
