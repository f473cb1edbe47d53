// The config file (KEY=VALUE lines, README's settings).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  followup::config c;
  std::string error;
  if (!followup::apply_config_text(text, "fuzz.conf", c, error) && error.empty()) __builtin_trap();
  return 0;
}
