#include "handlers/registry.hpp"

#include <algorithm>
#include <array>

namespace followup {

std::span<const handler_entry> handler_table() {
  static constexpr std::array table{
      handler_entry{"greet", handle_greet},
      handler_entry{"help", handle_help},
      handler_entry{"thanks", handle_thanks},
      handler_entry{"unknown", handle_unknown},
  };
  return table;
}

handler find_handler(std::string_view intent) {
  auto table = handler_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const handler_entry& e) { return e.intent == intent; });
  return it == table.end() ? handle_unknown : it->fn;
}

}  // namespace followup
