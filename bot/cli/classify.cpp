#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "bot/cli/commands.hpp"
#include "bot/config.hpp"
#include "bot/conversation/engine.hpp"

namespace followup::cli {

int classify(const std::vector<std::string>& args) {
  std::string configured;
  if (const char* env = std::getenv("FOLLOWUP_RULES")) configured = env;
  auto dir = find_rules_dir(configured);
  if (!dir) {
    std::fprintf(stderr, "classify: cannot find the rules/ directory; set FOLLOWUP_RULES\n");
    return 1;
  }
  std::vector<rules_error> errors;
  auto r = load_rules(*dir, errors);
  if (!r) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    return 1;
  }
  knowledge k(std::move(*r));
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    inbound m;
    m.text = line;
    auto u = understand(k, m);
    nlohmann::json out{{"text", line},
                       {"intent", u.intent},
                       {"confidence", u.confidence},
                       {"entities", u.entities}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return 0;
}

}  // namespace followup::cli
