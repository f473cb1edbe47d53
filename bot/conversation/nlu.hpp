#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// Lower-case, ASCII punctuation to spaces, collapsed whitespace; control characters dropped.
std::string normalize_text(std::string_view text);

// The walking skeleton's classifier: exact (normalised) training examples, then keyword
// phrases. The statistical classifier of the NLU issue replaces it behind the same interface.
class intent_classifier {
 public:
  explicit intent_classifier(const rules& r);
  understanding classify(std::string_view text) const;

 private:
  std::unordered_map<std::string, std::string> examples_;      // normalised text -> intent
  std::vector<std::pair<std::string, std::string>> keywords_;  // phrase -> intent
};

}  // namespace followup
