#pragma once
#include <memory>
#include <mutex>

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

// The current rules and models; replaced whole on reload, never modified in place.
class knowledge_ref {
 public:
  explicit knowledge_ref(std::shared_ptr<const knowledge> k) : current_(std::move(k)) {}
  std::shared_ptr<const knowledge> get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void set(std::shared_ptr<const knowledge> k) {
    std::lock_guard lock(mutex_);
    current_ = std::move(k);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const knowledge> current_;
};

}  // namespace followup
