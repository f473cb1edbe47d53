#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace followup::nlu {

// Multinomial logistic regression over word unigrams, word bigrams and character 3–5-grams
// (hashed, L2-normalised), trained by stochastic gradient descent. Deterministic: the same
// data and options give the same model.
class text_classifier {
 public:
  struct options {
    static options from_env();  // FOLLOWUP_NLU_* overrides, for tuning experiments only
    int epochs = 30;
    double learning_rate = 0.8;
    double l2 = 1e-4;
    double char_weight = 0.6;  // character n-grams relative to whole words
    double bigram_weight = 0.8;
    std::uint64_t seed = 0x5eed;
  };

  void train(const std::vector<std::vector<std::string>>& docs, const std::vector<int>& labels,
             int classes, const options& opts);
  // Unnormalised class scores (logits) for a tokenised text.
  std::vector<double> scores(const std::vector<std::string>& tokens) const;
  int classes() const { return classes_; }
  std::size_t feature_count() const { return index_.size(); }

 private:
  using sparse = std::vector<std::pair<std::uint32_t, float>>;
  // Hashed features of a text; with `grow`, unseen features are added to the index.
  sparse featurize(const std::vector<std::string>& tokens, bool grow);

  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  std::vector<float> weights_;  // feature-major: weights_[f * classes_ + c]
  std::vector<float> bias_;
  int classes_ = 0;
  options opts_;
};

// Corrects a word to the closest known word one edit away (deletion, insertion, substitution,
// transposition), preferring the most frequent; returns the word unchanged when none is close.
class spelling {
 public:
  void add(const std::string& word);
  std::string correct(const std::string& word) const;
  bool known(const std::string& word) const { return counts_.count(word) != 0; }

 private:
  std::unordered_map<std::string, int> counts_;
  std::unordered_map<std::string, std::vector<std::string>> deletes_;  // word minus one letter
};

}  // namespace followup::nlu
