#include "bot/conversation/engine.hpp"

#include <functional>

#include "bot/log.hpp"
#include "handlers/registry.hpp"

namespace followup {

understanding understand(const knowledge& k, const inbound& message) {
  if (!message.has_text) return understanding{};
  return k.classifier.classify(message.text);
}

effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now) {
  std::uint64_t seed = std::hash<std::string>{}(message.update_id);
  turn t{message, meaning, user, k.rules_data, now, seed};
  try {
    if (!message.has_text) return effects{{k.rules_data.say("non_text", seed)}, {}};
    if (normalize_text(message.text).empty()) return effects{{k.rules_data.say("empty", seed)}, {}};
    return find_handler(meaning.intent)(t);
  } catch (const std::exception& e) {
    log::error("handler failed", {{"intent", meaning.intent}, {"error", e.what()}});
    return effects{{k.rules_data.say("internal_error", seed)}, {}};
  }
}

}  // namespace followup
