#pragma once
#include <string>

#include "bot/clock.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// The user's private calendar feed (RFC 5545, text/calendar): every interview and every pending
// reminder as an event in the user's time zone, with that zone's VTIMEZONE (its transitions a
// year either side of the events); UIDs stable across fetches so calendar apps update events
// rather than add copies; an interview's SEQUENCE is its store version. Cancelled and sent
// reminders are left out. Event texts come from rules ("calendar.*"). Pure.
std::string ical_feed(const user_state& user, const rules& r, sys_time now);

}  // namespace followup
