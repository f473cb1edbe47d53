#pragma once
// The project's own rules/, loaded once per test process. A rules error throws with every
// message, so the first test that needs them fails saying what is wrong.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/engine/engine.hpp"
#include "bot/conversation/rules.hpp"

namespace followup::testing {

inline std::shared_ptr<const knowledge> project_knowledge() {
  static const auto k = [] {
    std::vector<rules_error> errors;
    auto loaded = load_rules(FOLLOWUP_SOURCE_DIR "/rules", errors);
    if (!loaded) {
      std::string all;
      for (const auto& e : errors) all += e.text() + "\n";
      throw std::runtime_error(all);
    }
    return std::make_shared<const knowledge>(std::move(*loaded));
  }();
  return k;
}

inline const rules& project_rules() {
  return project_knowledge()->rules_data;
}

}  // namespace followup::testing
