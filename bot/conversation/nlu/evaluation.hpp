#pragma once
#include <functional>
#include <string>
#include <vector>

namespace followup::nlu {

// A labelled message of an evaluation set. Two file layouts, told apart by the header line:
//   intent<TAB>text                    (tests/nlu/eval.tsv)
//   category<TAB>intents<TAB>text      (tests/nlu/realistic.tsv: intents joined with '+', in
//                                       the order the message carries them)
struct labelled {
  std::string category;  // "" in the two-column layout
  std::vector<std::string> intents;
  std::string text;
  int line = 0;
};

// Reads a set; errors name the file and line.
std::vector<labelled> read_labelled(const std::string& path, std::string& error);

// What the understanding made of a message, as `classify` prints it.
struct prediction {
  std::string intent;  // the main one
  double confidence = 0;
  std::vector<std::string> intents;  // every intent found, in order
};
using predictor = std::function<prediction(const std::string& text)>;

struct intent_report {
  // A message is right when its main intent is one of its labels and every label was found:
  // a mixed message needs all it carries.
  std::size_t total = 0, correct = 0;
  std::size_t exact = 0;  // the intents found are exactly the labels, in any order
  double accuracy = 0, macro_recall = 0, min_recall = 1;
  std::string min_recall_intent;

  struct category {
    std::string name;
    std::size_t total = 0, correct = 0;
  };
  std::vector<category> categories;  // in the order first seen

  // Off-topic (`unknown`) against in-field, on the main intent of single-label messages.
  std::size_t off_topic = 0, off_topic_found = 0;            // recall
  std::size_t said_off_topic = 0, said_off_topic_right = 0;  // precision of "unknown"
  std::size_t said_in_field = 0, said_in_field_right = 0;    // precision of "in the field"
  double off_topic_recall = 0, off_topic_precision = 0, in_field_precision = 0;

  // Mixed messages (two or more labels): how many had every intent found.
  std::size_t mixed = 0, mixed_all_found = 0;

  struct per_intent {
    std::string name;
    std::size_t support = 0, predicted = 0, hits = 0;  // single-label messages, main intent
    double precision = 0, recall = 0, f1 = 0;
  };
  std::vector<per_intent> intents;
  std::vector<std::vector<std::size_t>> confusion;  // [expected][got], single-label messages

  struct miss {
    std::string text, expected, got;
    double confidence;
  };
  std::vector<miss> misses;  // most confident first
  // Calibration: how often the main intent was right at each confidence.
  struct bin {
    double low = 0, high = 0;
    std::size_t total = 0, right = 0;
    double confidence_sum = 0;
  };
  std::vector<bin> calibration;
  double calibration_error = 0;  // expected calibration error (weighted |accuracy - confidence|)
  double seconds = 0;        // understanding time for the whole set
  double p50_us = 0, p99_us = 0;
};

// `names`: the intents in report order (rules/intents.yaml order).
intent_report evaluate(const predictor& predict, const std::vector<std::string>& names,
                       const std::vector<labelled>& set);
// The report as text: accuracy per set and category, off-topic figures, per-intent table,
// confusion matrix, worst misses.
std::string format_report(const intent_report& r, std::size_t worst = 15);

}  // namespace followup::nlu
