#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"

namespace date {
class time_zone;
}

namespace followup::nlu {

// Entities found in a message, as the JSON object that `classify` prints and handlers read.
// Every key is optional; absent means "not mentioned".
//   "company":      "Acme Corp"                      ("at Acme", "with Globex Corp")
//   "role":         "Data Analyst"                   ("for the Data Analyst role")
//   "people":       [{"name": "Jane Smith", "title": "recruiter"}]   (title may be absent)
//   "channel":      "email" | "handwritten" | "phone" | "text" | "social"
//   "count":        2                                ("twice", "3 times", "two calls")
//   "call_outcome": "no_answer" | "voicemail" | "spoke"
//   "outcome":      "offer" | "rejected" | "withdrew" | "moved_on"
//   "dates":        [to_json(resolved_date) ...]     (see dates.hpp)
// `tz` null: everything but dates (the I/O thread does not know the user's zone yet; dates are
// added later with add_dates).
nlohmann::json extract_entities(std::string_view text, sys_time now, const date::time_zone* tz);
void add_dates(nlohmann::json& entities, std::string_view text, sys_time now,
               const date::time_zone& tz);

}  // namespace followup::nlu
