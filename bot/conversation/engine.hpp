#pragma once
#include <memory>

#include "bot/conversation/nlu.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// Rules plus the models trained from them: built once per (re)load, shared read-only.
struct knowledge {
  explicit knowledge(rules r) : rules_data(std::move(r)), classifier(rules_data) {}
  rules rules_data;
  intent_classifier classifier;
};

// Stage 1, on an I/O thread: what does the message mean? (No state needed.)
understanding understand(const knowledge& k, const inbound& message);

// Whether respond() needs the user's reminders (user_state::nudges): only the export shows
// them, and loading them for every message would cost the store thread a query.
bool needs_reminders(const inbound& message);

// Stage 2, inside the store transaction: the handler for the intent decides, given the user.
// A handler that throws is a bug: it is logged and the user gets an apology, not silence.
effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now);

}  // namespace followup
