#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"
#include "bot/conversation/interview.hpp"

namespace followup {

namespace nlu {
struct document;
}

// A platform-neutral message from a user: what every adapter produces.
struct inbound {
  std::string platform;   // "telegram", "slack", "web", "cli"
  std::string update_id;  // the platform's delivery id: the deduplication key
  std::string user_id;
  std::string chat_id;  // where replies go
  // Where the bot may write unprompted (reminders), when that is not chat_id: a Slack mention
  // is answered in its channel, but reminders go to the user's direct messages.
  std::string home_chat;
  // The thread the message was in, where the platform has them (Slack's thread_ts): replies
  // go there too. Empty for none.
  std::string thread;
  std::string user_name;
  std::string text;  // empty when the message carried no text (sticker, photo, ...)
  bool has_text = true;
  sys_time sent_at{};
};

// One intent a message carries.
struct intent_found {
  std::string intent;
  double confidence = 0;
};

// One thing to do for a message that carries several: the intent, the tokens of the message
// it reads and their entities (dates are added with the user's time zone, in respond()).
struct message_step {
  std::string intent;
  double confidence = 0;
  std::uint32_t tb = 0, te = 0;
  nlohmann::json entities = nlohmann::json::object();
  bool main = false;      // the step the message is mostly about
  bool question = false;  // it asks (answered after the steps that change state)
  bool place = false;     // "I'm in Toronto now": sets the time zone
};

// What the NLU made of a message.
struct understanding {
  std::string intent = "unknown";  // the main intent
  double confidence = 0;
  std::string second_intent;  // the runner-up, offered when the bot is not sure
  double second_confidence = 0;
  std::vector<intent_found> intents;  // every intent the message carries, in order
  // Nothing the reader could make sense of: emoji only, another language, gibberish.
  bool unreadable = false;
  // The main step's entities (the whole message's when it carries one intent).
  nlohmann::json entities = nlohmann::json::object();
  std::vector<message_step> steps;           // what each intent reads, in order
  std::shared_ptr<const nlu::document> doc;  // the analysed text; null for a bare meaning
};

// The user as the store knows them; handlers get it read-only.
struct user_state {
  std::string platform;
  std::string id;
  std::string chat_id;
  std::string timezone;
  // Dialogue memory: the question the bot is waiting on ("pending") and the interview it
  // talked about last ("last_interview"), for corrections.
  nlohmann::json conversation = nlohmann::json::object();
  bool is_new = false;
  user_settings settings;
  std::vector<interview> interviews;  // by id
  std::vector<nudge_record> nudges;   // pending and sent reminders, oldest first
  // Since when the user has a private calendar feed link (its token is stored only hashed).
  std::optional<sys_time> calendar_since;
};

// "/calendar": a new private feed link. The handler asks for it; the inbox draws the random
// token (handlers have no randomness), words the link and fills in the hash the store keeps.
struct calendar_request {
  bool reset = false;      // "/calendar reset": the old link stops working
  std::string token_hash;  // SHA-256 of the new token, hex; set by the inbox
};

// What a handler decides; applied in the same transaction as the message that caused it.
struct effects {
  std::vector<std::string> replies;
  // A question the bot asks at the end of its answer ("where are you based?"): after
  // everything else when a message carried several things.
  std::string ask;
  std::string intent;  // what the engine acted on (a command, a dialogue answer, or the NLU's)
  std::vector<std::string> intents;  // every intent acted on, when the message carried several
  std::optional<nlohmann::json> conversation;  // new conversation state, when it changes
  std::optional<std::string> timezone;         // a new IANA zone for the user
  std::optional<user_settings> settings;
  // The user's complete list of interviews after this message, when it changes: the store
  // writes what differs and deletes what is gone.
  std::optional<std::vector<interview>> interviews;
  bool forget_user = false;  // "delete my data", confirmed: remove everything about the user
  // The reminders the new state calls for (the engine plans them whenever the state changes);
  // the store cancels pending ones no longer planned and adds new ones.
  std::optional<std::vector<planned_nudge>> nudges;
  std::optional<calendar_request> calendar;
};

}  // namespace followup
