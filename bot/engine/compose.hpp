#pragma once
#include <cstdint>
#include <optional>

#include "bot/clock.hpp"
#include "bot/conversation/knowledge.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// A message that carries several intents ("Just finished at Harbor Labs with Tom Lee. Is email
// ok for the thank-you?"): each step's handler runs on its own part of the message, in order
// (what changes state first, then what asks), each seeing the state the one before left; the
// replies become one message. A step that only tells something the bot cannot attach to
// anything (no interview to log a call against) stays quiet rather than asking about it.
effects compose_steps(const knowledge& k, const inbound& message, const understanding& full,
                      const user_state& user, sys_time now, std::uint64_t seed);

// "Toronto. And should I call them?" after the bot asked where the user is: the first clause
// answers the pending question, the rest is composed as above. nullopt when the first clause
// is no answer to it.
std::optional<effects> answer_then_rest(const knowledge& k, const inbound& message,
                                        const understanding& full, const user_state& user,
                                        sys_time now, std::uint64_t seed);

}  // namespace followup
