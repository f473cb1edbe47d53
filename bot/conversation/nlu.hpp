#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bot/conversation/nlu/classifier.hpp"
#include "bot/conversation/nlu/phrase_index.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// Lower-case, ASCII punctuation to spaces, collapsed whitespace; control characters dropped.
std::string normalize_text(std::string_view text);

// The intent classifier, trained from rules/intents.yaml at start-up: text normalisation
// (lexicon, spelling tolerance), a logistic-regression model over word and character n-grams,
// and the intents' keyword phrases as a boost on top of the model's scores.
class intent_classifier {
 public:
  explicit intent_classifier(const rules& r);
  understanding classify(std::string_view text) const;
  // The normalised tokens the model sees (for tests and diagnostics).
  std::vector<std::string> tokens(std::string_view text) const;
  const std::vector<std::string>& intent_names() const { return names_; }

 private:
  const rules& rules_;
  std::vector<std::string> names_;
  nlu::text_classifier model_;
  nlu::spelling spelling_;
  nlu::phrase_index keywords_;        // phrase -> its index in keyword_intents_
  std::vector<int> keyword_intents_;  // keyword -> intent index
  // A keyword phrase adds this to its intent's score: enough to decide between close intents,
  // not enough to override a model that is sure of something else.
  double boost_ = 2.5;
};

}  // namespace followup
