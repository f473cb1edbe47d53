#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/rules.hpp"

namespace followup::nlu {

using lexicon = word_map;

// The words of tokens [tb, te) as the classifier sees them, appended to `out`: lower-case ASCII
// words; digits "<num>", emoji "<emoji>", other scripts "<foreign>"; contractions and chat
// abbreviations expanded from the lexicon ("didnt" -> "did not", "tmrw" -> "tomorrow").
// Punctuation is left out. At most `max_words` are appended.
void classifier_words(const std::vector<token>& tokens, std::size_t tb, std::size_t te,
                      const lexicon& lex, std::vector<std::string>& out,
                      std::size_t max_words = 200);

// The same for a short text (a training example, a keyword phrase, a handler's check).
std::vector<std::string> tokenize(std::string_view text, const lexicon& lex,
                                  std::size_t max_tokens = 200);

}  // namespace followup::nlu
