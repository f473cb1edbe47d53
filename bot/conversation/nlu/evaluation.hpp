#pragma once
#include <string>
#include <vector>

#include "bot/conversation/nlu.hpp"

namespace followup::nlu {

struct labelled {
  std::string intent;
  std::string text;
};

// Reads `intent<TAB>text` lines (first line a header); errors name the line.
std::vector<labelled> read_labelled(const std::string& path, std::string& error);

struct intent_report {
  std::size_t total = 0, correct = 0;
  double accuracy = 0, macro_recall = 0, min_recall = 1;
  std::string min_recall_intent;
  struct per_intent {
    std::string name;
    std::size_t support = 0, predicted = 0, hits = 0;
    double precision = 0, recall = 0, f1 = 0;
  };
  std::vector<per_intent> intents;
  std::vector<std::vector<std::size_t>> confusion;  // [expected][got], in intents order
  struct miss {
    std::string text, expected, got;
    double confidence;
  };
  std::vector<miss> misses;  // most confident first
  double seconds = 0;        // classification time for the whole set
};

intent_report evaluate(const intent_classifier& c, const std::vector<labelled>& set);
// The report as text: accuracy, per-intent table, confusion matrix, worst misses.
std::string format_report(const intent_report& r, std::size_t worst = 15);

}  // namespace followup::nlu
