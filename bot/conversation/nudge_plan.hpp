#pragma once
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/conversation/follow_up_plan.hpp"
#include "bot/conversation/types.hpp"

namespace date {
class time_zone;
}

namespace followup {

// Pure: every reminder the etiquette calls for, for each open interview, whatever the time now
// (the store keeps what is already due and skips creating what is already past). Empty when
// the user turned reminders off.
std::vector<planned_nudge> plan_nudges(const user_state& user, const etiquette_numbers& n);

// The instant moved forward out of the quiet window [start, end) local, if it falls inside.
sys_time outside_quiet_hours(sys_time t, const date::time_zone& tz, const user_settings& s);

}  // namespace followup
