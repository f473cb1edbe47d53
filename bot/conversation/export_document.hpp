#pragma once
#include <nlohmann/json.hpp>

#include "bot/conversation/types.hpp"

namespace followup {

// The user's data as the DESIGN.md export document: what `/export` replies and what
// `followup-bot export --user` prints. Times in the user's zone with their offset; days as
// YYYY-MM-DD; what the user never said is null.
nlohmann::json export_document(const user_state& user);

// The calendar day as "YYYY-MM-DD".
std::string day_string(std::chrono::local_days day);

}  // namespace followup
