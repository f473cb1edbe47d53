#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace followup::nlu {

// Text as the classifier sees it: lower-case ASCII words. Curly quotes and dashes become ASCII,
// accented Latin letters lose their accents, digits become "<num>", emoji "<emoji>", letters of
// other scripts "<foreign>"; contractions and chat abbreviations are expanded from the lexicon.
// Control characters are dropped. Bounded: at most `max_tokens` tokens.
std::vector<std::string> tokenize(std::string_view text,
                                  const std::map<std::string, std::string, std::less<>>& lexicon,
                                  std::size_t max_tokens = 200);

// Lower-cases and folds Unicode (as tokenize) but keeps the text's shape: for matching phrases.
std::string fold_text(std::string_view text);

// Lower-cases ASCII letters only; other bytes (UTF-8 included) are left as they are.
std::string ascii_lower(std::string_view text);

}  // namespace followup::nlu
