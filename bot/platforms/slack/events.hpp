#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "bot/conversation/types.hpp"

namespace followup::slack {

struct parsed_event {
  enum class kind {
    message,           // `message` holds what the engine should see
    url_verification,  // answer with `challenge`
    ignored,           // nothing to do; `ignored` says why, for the log
  };
  kind what = kind::ignored;
  std::optional<inbound> message;
  std::string challenge;
  std::string ignored;
};

// Parses an Events API body (JSON). Direct messages (message.im) and mentions (app_mention)
// become an `inbound` with platform "slack", update_id = event_id, user_id = the sender,
// chat_id = the channel, and text as typed (the bot's own mention removed). Messages from bots
// (including this one), edits, deletions, joins and other subtypes that are not a person's
// text are ignored, as are channel messages (a mention arrives as app_mention instead).
parsed_event parse_event(std::string_view body);

}  // namespace followup::slack
