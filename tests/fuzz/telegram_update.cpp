// A webhook body as Telegram (or anyone who found the URL) might send it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/platforms/telegram/update.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = followup::telegram::parse_update(body);
  // What the parser promises: a message or a reason, never both empty.
  if (!parsed.message && parsed.ignored.empty()) __builtin_trap();
  if (parsed.message && (parsed.message->update_id.empty() || parsed.message->chat_id.empty())) {
    __builtin_trap();
  }
  return 0;
}
