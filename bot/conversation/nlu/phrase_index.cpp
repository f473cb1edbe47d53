#include "bot/conversation/nlu/phrase_index.hpp"

#include <algorithm>

namespace followup::nlu {

namespace {
void split_into(std::string_view text, std::vector<std::string>& words) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) words.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
}
}  // namespace

void phrase_index::add(std::string_view phrase, int id) {
  std::vector<std::string> words;
  split_into(phrase, words);
  if (words.empty()) return;
  auto first = std::move(words.front());
  words.erase(words.begin());
  by_first_word_[std::move(first)].push_back(entry{std::move(words), id});
}

std::vector<int> phrase_index::find(const std::vector<std::string>& tokens) const {
  // Multi-word tokens come from the lexicon's expansions; most messages have none.
  const std::vector<std::string>* words = &tokens;
  std::vector<std::string> split;
  if (std::any_of(tokens.begin(), tokens.end(),
                  [](const std::string& t) { return t.find(' ') != std::string::npos; })) {
    for (const auto& t : tokens) split_into(t, split);
    words = &split;
  }
  std::vector<int> found;
  const auto& w = *words;
  for (std::size_t i = 0; i < w.size(); ++i) {
    auto it = by_first_word_.find(w[i]);
    if (it == by_first_word_.end()) continue;
    for (const auto& e : it->second) {
      if (i + 1 + e.rest.size() > w.size()) continue;
      if (!std::equal(e.rest.begin(), e.rest.end(), w.begin() + static_cast<long>(i) + 1)) {
        continue;
      }
      if (std::find(found.begin(), found.end(), e.id) == found.end()) found.push_back(e.id);
    }
  }
  return found;
}

}  // namespace followup::nlu
