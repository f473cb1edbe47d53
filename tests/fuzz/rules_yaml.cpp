// An operator's edit of rules/: the input is one of the four files (its first byte says which).
// The other three are left empty, so that each execution parses only what the fuzzer wrote:
// with the shipped files beside it, YAML parsing of 370 KB would make every run take a tenth of
// a second. Errors are values: a file that does not load must say why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bot/conversation/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  followup::rules_texts texts{std::string(), std::string(), std::string(), std::string()};
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      texts.replies = text;
      break;
    case 1:
      texts.etiquette = text;
      break;
    case 2:
      texts.intents = text;
      break;
    default:
      texts.lexicon = text;
      break;
  }
  std::vector<followup::rules_error> errors;
  auto r = followup::parse_rules(texts, "rules", errors);
  if (!r && errors.empty()) __builtin_trap();
  for (const auto& e : errors) {
    if (e.file.empty() || e.message.empty()) __builtin_trap();
  }
  return 0;
}
