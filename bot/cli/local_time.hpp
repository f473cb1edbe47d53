#pragma once
#include <optional>
#include <string>

#include "bot/conversation/nlu/dates.hpp"

namespace followup::cli {

// "2026-11-16T13:00" (or a bare date) as a local day and time of day, for the CLI's files.
std::optional<nlu::resolved_date> parse_local(const std::string& s);

}  // namespace followup::cli
