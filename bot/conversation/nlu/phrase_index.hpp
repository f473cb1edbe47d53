#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace followup::nlu {

// Which of a set of word sequences occur in a tokenized text. One hash lookup per word of the
// text, instead of a substring search of the whole text per phrase: the classifier's keywords
// and the outcome phrases are a few hundred, searched in every message.
class phrase_index {
 public:
  // `phrase`: words separated by single spaces, as tokenize() writes them. Several phrases may
  // share an id.
  void add(std::string_view phrase, int id);

  // The ids of the phrases that occur in `tokens`, each once, in the order first found.
  // A token may hold several words ("did not"): it is matched word by word.
  std::vector<int> find(const std::vector<std::string>& tokens) const;

 private:
  struct entry {
    std::vector<std::string> rest;  // the words after the first
    int id;
  };
  std::unordered_map<std::string, std::vector<entry>> by_first_word_;
};

}  // namespace followup::nlu
