#pragma once
#include "bot/conversation/nlu/reader.hpp"
#include "bot/conversation/rules.hpp"

namespace followup {

// Rules plus the models trained from them: built once per (re)load, shared read-only.
struct knowledge {
  explicit knowledge(rules r) : rules_data(std::move(r)), reader(rules_data) {}
  knowledge(const knowledge&) = delete;
  knowledge& operator=(const knowledge&) = delete;
  rules rules_data;
  nlu::intent_reader reader;
};

}  // namespace followup
