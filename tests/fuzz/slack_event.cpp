// An Events API body (the signature is checked before; this is what a valid signer could send).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/platforms/slack/events.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using followup::slack::parsed_event;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto e = followup::slack::parse_event(body);
  if (e.what == parsed_event::kind::message && !e.message) __builtin_trap();
  if (e.what == parsed_event::kind::ignored && e.ignored.empty()) __builtin_trap();
  return 0;
}
