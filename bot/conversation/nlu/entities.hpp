#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"
#include "bot/conversation/nlu/document.hpp"

namespace date {
class time_zone;
}

namespace followup::nlu {

// Entities found in tokens [tb, te) of an analysed message, as the JSON object that `classify`
// prints and handlers read. Every key is optional; absent means "not mentioned".
//   "company":      "Barnes & Noble"                 ("at Acme", "w/ Northgate Freight")
//   "role":         "Data Analyst"                   ("for the Data Analyst role")
//   "people":       [{"name": "Jane Smith", "title": "recruiter"}]   (title as written; HR,
//                   CEO and other acronyms in capitals)
//   "channel":      "email" | "handwritten" | "phone" | "text" | "social"
//   "count":        2                                ("twice", "3 times", "two calls")
//   "call_outcome": "no_answer" | "voicemail" | "spoke"
//   "outcome":      "offer" | "rejected" | "withdrew" | "moved_on"
//   "round":        2 | "next"                       ("second round", "final interview")
//   "dates":        [to_json(resolved_date) ...]     (see dates.hpp; added by add_dates)
nlohmann::json extract_entities(const document& doc, std::size_t tb, std::size_t te);
// A detail of the interview told in passing ("we talked about their new warehouse system"):
// the words after "talked about", "discussed", "mentioned" ... in a statement, as written, at
// most 200 bytes; "" when there is none. Kept with the interview for drafts.
std::string find_note(const document& doc);
// Dates need the user's time zone, which only the store knows: they are added later.
void add_dates(nlohmann::json& entities, const document& doc, std::size_t tb, std::size_t te,
               sys_time now, const date::time_zone& tz);

// The same for a text of its own (the classify command, tests); `tz` null: no dates.
nlohmann::json extract_entities(std::string_view text, sys_time now, const date::time_zone* tz);

}  // namespace followup::nlu
