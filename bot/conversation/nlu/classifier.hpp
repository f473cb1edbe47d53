#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace followup::nlu {

// Words for the classifier in segments (a message's clauses), each with a weight: the asking
// clause of a long message weighs more than the story before it. Word bigrams stay inside a
// segment.
struct weighted_words {
  std::vector<std::string> words;
  struct segment {
    std::uint32_t end = 0;  // words [previous end, end)
    float weight = 1;
  };
  std::vector<segment> segments;

  void add_segment(float weight) { segments.push_back({static_cast<std::uint32_t>(words.size()), weight}); }
  // Closes the current segment at the current end of `words`.
  void close() {
    if (!segments.empty()) segments.back().end = static_cast<std::uint32_t>(words.size());
  }
  static weighted_words one(std::vector<std::string> w) {
    weighted_words x;
    x.words = std::move(w);
    x.segments.push_back({static_cast<std::uint32_t>(x.words.size()), 1});
    return x;
  }
};

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
    // Classes with many examples (the off-topic one) would otherwise pull uncertain messages
    // their way: each example weighs (average class size / its class size)^class_balance.
    double class_balance = 0.25;
    std::uint64_t seed = 0x5eed;
  };

  void train(const std::vector<weighted_words>& docs, const std::vector<int>& labels, int classes,
             const options& opts);
  // Unnormalised class scores (logits) for a tokenised text.
  std::vector<double> scores(const weighted_words& text) const;
  int classes() const { return classes_; }
  std::size_t feature_count() const { return index_.size(); }

 private:
  using sparse = std::vector<std::pair<std::uint32_t, float>>;
  // Hashed features of a text. With `grow` (training), unseen features are added to it, which
  // is index_; without, they are left out.
  sparse featurize(const weighted_words& text,
                   std::unordered_map<std::uint64_t, std::uint32_t>* grow) const;

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
