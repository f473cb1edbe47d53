#include "bot/conversation/engine.hpp"

#include <functional>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "bot/log.hpp"
#include "handlers/registry.hpp"

namespace followup {

understanding understand(const knowledge& k, const inbound& message) {
  if (!message.has_text) return understanding{};
  auto u = k.classifier.classify(message.text);
  // Dates need the user's time zone, which only the store knows: respond() adds them.
  u.entities = nlu::extract_entities(message.text, message.sent_at, nullptr);
  return u;
}

namespace {
std::string topic(const rules& r, const std::string& intent, std::uint64_t seed) {
  auto key = "topics." + intent;
  if (r.has_reply(key)) return r.say(key, seed);
  for (const auto& i : r.intents) {
    if (i.name == intent) return i.description;
  }
  return intent;
}
}  // namespace

effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now) {
  std::uint64_t seed = std::hash<std::string>{}(message.update_id);
  const auto& r = k.rules_data;
  try {
    if (!message.has_text) return effects{{r.say("non_text", seed)}, {}};
    if (normalize_text(message.text).empty()) return effects{{r.say("empty", seed)}, {}};
    understanding full = meaning;
    const auto* tz = nlu::find_zone(user.timezone);
    if (!tz) tz = nlu::find_zone("UTC");
    auto when = message.sent_at.time_since_epoch().count() > 0 ? message.sent_at : now;
    if (tz) nlu::add_dates(full.entities, message.text, when, *tz);

    if (full.confidence < r.confidence_threshold && full.intent != "unknown") {
      // Unsure: offer the two likeliest topics rather than guess; if "none of these" is one of
      // them, say what the bot covers instead.
      if (full.second_intent.empty() || full.second_intent == "unknown") {
        full.intent = "unknown";
      } else {
        return effects{{r.say("not_sure", seed,
                              {{"first", topic(r, full.intent, seed)},
                               {"second", topic(r, full.second_intent, seed)}})},
                       {}};
      }
    }
    turn t{message, full, user, r, now, seed};
    return find_handler(full.intent)(t);
  } catch (const std::exception& e) {
    log::error("handler failed", {{"intent", meaning.intent}, {"error", e.what()}});
    return effects{{r.say("internal_error", seed)}, {}};
  }
}

}  // namespace followup
