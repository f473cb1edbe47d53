#include "bot/conversation/nlu/normalize.hpp"

#include <algorithm>

namespace followup::nlu {

void classifier_words(const std::vector<token>& tokens, std::size_t tb, std::size_t te,
                      const lexicon& lex, std::vector<std::string>& out, std::size_t max_words) {
  const std::size_t limit = out.size() + max_words;
  te = std::min(te, tokens.size());
  for (std::size_t k = tb; k < te && out.size() < limit; ++k) {
    const auto& tok = tokens[k];
    if (tok.kind == token_kind::punct) continue;
    if (tok.kind != token_kind::word) {
      out.push_back(tok.s);
      continue;
    }
    if (auto it = lex.find(tok.s); it != lex.end()) {
      const auto& words = it->second;
      std::size_t start = 0;
      while (start < words.size() && out.size() < limit) {
        auto space = words.find(' ', start);
        if (space == std::string::npos) space = words.size();
        if (space > start) out.push_back(words.substr(start, space - start));
        start = space + 1;
      }
      continue;
    }
    const bool digits = std::all_of(tok.s.begin(), tok.s.end(),
                                    [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits) {
      out.emplace_back("<num>");
    } else {
      out.push_back(tok.s);
    }
  }
}

std::vector<std::string> tokenize(std::string_view text, const lexicon& lex,
                                  std::size_t max_tokens) {
  auto toks = tokenize_words(text);
  std::vector<std::string> out;
  out.reserve(toks.size() + 8);
  classifier_words(toks, 0, toks.size(), lex, out, max_tokens);
  return out;
}

}  // namespace followup::nlu
