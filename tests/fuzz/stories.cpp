// A story file (DESIGN.md's stories format) as someone might write it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bot/stories/story.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto stories = followup::parse_stories(text, "fuzz.yaml", error);
  if (!stories && error.empty()) __builtin_trap();
  return 0;
}
