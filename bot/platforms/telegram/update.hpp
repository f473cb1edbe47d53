#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "bot/conversation/types.hpp"

namespace followup::telegram {

struct parsed_update {
  std::optional<inbound> message;  // empty: nothing to do (see `ignored`)
  std::string ignored;             // why, for the log
};

// Parses a webhook body (an Update object) into the platform-neutral message.
// Malformed JSON, updates without a message, and messages from bots are `ignored`.
parsed_update parse_update(std::string_view body);

}  // namespace followup::telegram
