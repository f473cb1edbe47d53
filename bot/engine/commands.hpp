#pragma once
#include <optional>
#include <string_view>

namespace followup {

// The handler a chat command names (Telegram's /start and friends, typed anywhere): always
// what it says. nullopt when the text is not a known command.
std::optional<std::string_view> command_handler(std::string_view text);

}  // namespace followup
