#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"

namespace followup {

// A platform-neutral message from a user: what every adapter produces.
struct inbound {
  std::string platform;   // "telegram", "slack", "web", "cli"
  std::string update_id;  // the platform's delivery id: the deduplication key
  std::string user_id;
  std::string chat_id;  // where replies go
  std::string user_name;
  std::string text;  // empty when the message carried no text (sticker, photo, ...)
  bool has_text = true;
  sys_time sent_at{};
};

// What the NLU made of a message.
struct understanding {
  std::string intent = "unknown";
  double confidence = 0;
  std::string second_intent;  // the runner-up, offered when the bot is not sure
  double second_confidence = 0;
  nlohmann::json entities = nlohmann::json::object();
};

// The user as the store knows them; handlers get it read-only.
struct user_state {
  std::string platform;
  std::string id;
  std::string chat_id;
  std::string timezone;
  nlohmann::json conversation = nlohmann::json::object();
  bool is_new = false;
};

// What a handler decides; applied in the same transaction as the message that caused it.
struct effects {
  std::vector<std::string> replies;
  std::optional<nlohmann::json> conversation;  // new conversation state, when it changes
};

}  // namespace followup
