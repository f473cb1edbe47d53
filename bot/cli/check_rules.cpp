#include <cstdio>

#include "bot/cli/commands.hpp"
#include "bot/config.hpp"
#include "bot/conversation/rules.hpp"

namespace followup::cli {

int check_rules(const std::vector<std::string>& args) {
  std::string configured = args.empty() ? "" : args[0];
  if (configured.empty()) {
    if (const char* env = std::getenv("FOLLOWUP_RULES")) configured = env;
  }
  auto dir = find_rules_dir(configured);
  if (!dir) {
    std::fprintf(stderr, "check-rules: %s\n",
                 configured.empty()
                     ? "cannot find the rules/ directory; pass it or set FOLLOWUP_RULES"
                     : ("no replies.yaml in " + configured).c_str());
    return 1;
  }
  std::vector<rules_error> errors;
  auto r = load_rules(*dir, errors);
  if (!r) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    std::fprintf(stderr, "check-rules: %zu error(s) in %s\n", errors.size(), dir->c_str());
    return 1;
  }
  std::size_t examples = 0;
  for (const auto& i : r->intents) examples += i.examples.size();
  std::printf("rules OK: %s (%zu intents, %zu examples, %zu reply keys)\n", dir->c_str(),
              r->intents.size(), examples, r->replies.size());
  return 0;
}

}  // namespace followup::cli
