#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/conversation/types.hpp"

namespace followup::slack {

// The fields of a slash command invocation that we use (the body is form-encoded).
struct slash_command {
  std::string command;  // "/followup"
  std::string text;     // what follows the command
  std::string user_id;
  std::string user_name;
  std::string channel_id;
  std::string team_id;
  std::string trigger_id;
  std::string response_url;
};

// application/x-www-form-urlencoded: '+' is a space, %XX a byte. Later duplicates are ignored.
std::map<std::string, std::string> parse_form(std::string_view body);

// nullopt when the body is not a slash command (no command or no user_id).
std::optional<slash_command> parse_slash_command(std::string_view body);

// The engine's view of a command. The deduplication key is the trigger_id (unique per
// invocation), or a hash of the body when there is none. Replies and later nudges go to the
// user's direct conversation with the bot (chat.postMessage accepts a user id as the channel):
// a command may be typed in a public channel, and a job search is nobody else's business.
inbound to_inbound(const slash_command& cmd, std::string_view raw_body);

// The HTTP answer Slack shows only to the person who typed the command.
std::string ephemeral_response(const std::vector<std::string>& parts);

}  // namespace followup::slack
