#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "bot/clock.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// Everything a handler may look at. Handlers are pure: no I/O, no clock, no globals.
struct turn {
  const inbound& message;
  const understanding& meaning;
  const user_state& user;
  const rules& rules_data;
  sys_time now;
  std::uint64_t seed;  // picks reply variants deterministically
};

using handler = effects (*)(const turn&);

struct handler_entry {
  std::string_view intent;
  handler fn;
};

std::span<const handler_entry> handler_table();
// The handler for `intent`, or the `unknown` handler.
handler find_handler(std::string_view intent);

// small_talk.cpp
effects handle_greet(const turn& t);
effects handle_help(const turn& t);
effects handle_thanks(const turn& t);
effects handle_unknown(const turn& t);

}  // namespace followup
