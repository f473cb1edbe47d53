#pragma once
#include <optional>
#include <string>

#include "bot/conversation/rules.hpp"

namespace followup::cli {

// Finds the rules (configured dir, else the usual places) and loads them; on failure prints
// why, prefixed with the subcommand's name, and returns nullopt.
std::optional<rules> load_rules_or_explain(const char* command, const std::string& configured);

}  // namespace followup::cli
