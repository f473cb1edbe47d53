#include "bot/cli/rules_loading.hpp"

#include <cstdio>

#include "bot/config.hpp"

namespace followup::cli {

std::optional<rules> load_rules_or_explain(const char* command, const std::string& configured) {
  auto dir = find_rules_dir(configured);
  if (!dir) {
    if (configured.empty()) {
      std::fprintf(stderr, "%s: cannot find the rules/ directory; set FOLLOWUP_RULES\n", command);
    } else {
      std::fprintf(stderr, "%s: no rules (replies.yaml) in %s\n", command, configured.c_str());
    }
    return std::nullopt;
  }
  std::vector<rules_error> errors;
  auto r = load_rules(*dir, errors);
  if (!r) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    std::fprintf(stderr, "%s: %zu error(s) in %s\n", command, errors.size(), dir->c_str());
  }
  return r;
}

}  // namespace followup::cli
