#pragma once
#include "bot/conversation/knowledge.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// Stage 1, on an I/O thread: what does the message mean? One analysis of the text (tokens,
// clauses, speech acts), the intents it carries and each one's entities. (No state needed;
// dates wait for the user's time zone.)
understanding understand(const knowledge& k, const inbound& message);

// Whether respond() needs the user's reminders (user_state::nudges): only the export shows
// them, and loading them for every message would cost the store thread a query.
bool needs_reminders(const inbound& message);

// The answer to the first message of a flood (a user writing far faster than a person can): a
// polite "slow down", without reading the message; the state is left as it is.
effects slow_down(const knowledge& k, const inbound& message);

// Stage 2, inside the store transaction: the dialogue and the handlers decide, given the user.
// A message that carries several intents runs a handler for each, in order, each seeing the
// state the previous left, and answers in one reply. A handler that throws is a bug: it is
// logged and the user gets an apology, not silence.
effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now);

}  // namespace followup
