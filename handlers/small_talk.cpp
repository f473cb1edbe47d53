#include "handlers/registry.hpp"

namespace followup {

namespace {
slots name_slot(const turn& t) {
  return {{"name", t.message.user_name.empty() ? std::string("there") : t.message.user_name}};
}
}  // namespace

effects handle_greet(const turn& t) {
  const char* key = t.user.is_new ? "greet" : "greet_again";
  if (!t.rules_data.replies.count(key)) key = "greet";
  return support::reply(t.rules_data.say(key, t.seed, name_slot(t)));
}

effects handle_help(const turn& t) {
  return support::reply(t.rules_data.say("help", t.seed));
}

effects handle_thanks(const turn& t) {
  return support::reply(t.rules_data.say("thanks", t.seed));
}

effects handle_unknown(const turn& t) {
  return support::reply(t.rules_data.say("unknown", t.seed));
}

}  // namespace followup
