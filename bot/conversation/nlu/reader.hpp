#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/conversation/nlu/classifier.hpp"
#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/nlu/phrase_index.hpp"

namespace followup {
struct rules;
}

namespace followup::nlu {

// One thing a message asks or tells, over a run of its tokens: "Just finished at Harbor Labs
// with Tom Lee. Is email ok for the thank-you?" is a report (register the interview) and a
// question (which channel), each read from its own clause.
struct reading_step {
  int intent = -1;  // index into intent_reader::intent_names()
  double confidence = 0;
  std::uint32_t tb = 0, te = 0;  // tokens of the document this step reads
  bool main = false;             // the step the message is mostly about
  bool place = false;            // a statement of where the user is ("I'm in Toronto now")
  speech_act act = speech_act::statement;
  // Intents of clauses this step reads on their behalf: the dates told while registering an
  // interview ("...she said they'd decide by Friday") are the registration's to record.
  std::vector<int> absorbed;
};

struct reading {
  bool unreadable = false;  // nothing the model can read: emoji, another script, gibberish
  int main = -1;
  double confidence = 0;
  int second = -1;
  double second_confidence = 0;
  std::vector<reading_step> steps;  // in the order the message says them
  // The entities of each clause, where reading needed them (so they are not read twice).
  std::vector<std::optional<nlohmann::json>> clause_entities;
};

// The intent reader, trained from rules/intents.yaml at start-up. A message is read twice:
// as a whole, with its asking clause weighing most (the main intent), and clause by clause
// (further intents a report, request or question clause carries). A clause's speech act is
// evidence for the kind of intent it carries (rules: act_evidence): "called her again,
// voicemail" is a report to log, "should I call again?" a question to answer.
class intent_reader {
 public:
  explicit intent_reader(const rules& r);

  reading read(const document& doc) const;

  // How each clause reads on its own, for `classify --explain`.
  struct clause_view {
    std::string text;
    speech_act act;
    std::string intent;
    double confidence;
    bool carries;
  };
  std::vector<clause_view> explain(const document& doc) const;
  // The words the model sees for tokens [tb, te) (for tests and diagnostics).
  std::vector<std::string> words(const document& doc, std::size_t tb, std::size_t te) const;
  const std::vector<std::string>& intent_names() const { return names_; }
  int index_of(std::string_view intent) const;
  // How many examples the model was trained on (clauses of long examples count on their own).
  std::size_t training_samples() const { return samples_; }

 private:
  enum kind : std::uint8_t { question, report, request, social, other, kinds };

  const rules& rules_;
  std::vector<std::string> names_;
  std::vector<kind> kinds_;  // per intent
  std::array<std::array<double, kinds>, 3> evidence_{};  // [speech act][kind]
  text_classifier model_;
  spelling spelling_;
  phrase_index keywords_;             // phrase -> its index in keyword_intents_
  std::vector<int> keyword_intents_;  // keyword -> intent index
  int unknown_ = -1;
  std::size_t samples_ = 0;
  double boost_ = 2.5;
  double unknown_bias_ = 0;
  bool trained_ = false;  // spelling correction applies to what is read after training

  // Clauses [clause_begin, clause_end) as weighted words: statements around a question count
  // for context_weight of it.
  weighted_words input(const document& doc, std::size_t clause_begin,
                       std::size_t clause_end) const;
  // What is known of each clause while one message is read: its entities, and whether it
  // carries each intent (-1: not looked at yet). Work done once per clause, not per question.
  struct clause_facts {
    std::optional<nlohmann::json> entities;
    std::vector<std::int8_t> carries;
  };
  using facts = std::vector<clause_facts>;
  // The clauses [cb, ce) whose words may back a report, for probabilities().
  struct evidence_scope {
    const document& doc;
    std::size_t cb, ce;
    facts& known;
  };
  // The model's probabilities, times the act's evidence for each kind of intent and, with a
  // scope, rules.report_carried (report_missing) for a report whose statements do (do not)
  // say what to log.
  std::vector<double> probabilities(const weighted_words& in, speech_act act,
                                    const evidence_scope* scope = nullptr) const;
  bool mostly_unseen(const weighted_words& in) const;
  bool carries(const document& doc, std::size_t clause_index, int intent, facts& known) const;
  bool carries_uncached(const document& doc, const clause& c, int intent,
                        const nlohmann::json& entities) const;
};

}  // namespace followup::nlu
