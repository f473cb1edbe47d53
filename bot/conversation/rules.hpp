#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace followup {

struct intent_rule {
  std::string name;
  std::string description;
  // What kind of thing the user does with it: "question", "report" (tells the bot something),
  // "request" (asks it to do something), "social" (greetings, thanks) or "other".
  std::string kind = "other";
  std::vector<std::string> keywords;
  std::vector<std::string> examples;
};

using slots = std::vector<std::pair<std::string, std::string>>;

// Hashing for maps looked up with string_views (every word of every message).
struct word_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using word_map = std::unordered_map<std::string, std::string, word_hash, std::equal_to<>>;

// Everything the bot knows and says, loaded from rules/ (YAML). Immutable once loaded; a reload
// builds a new one and swaps the pointer.
//   replies.yaml    every sentence, nested keys flattened with dots ("ask_call.general")
//   etiquette.yaml  thresholds (numbers) and advice ("advice.<topic>.<state>", also in replies)
//   intents.yaml    training examples, keywords, NLU settings
//   lexicon.yaml    chat abbreviations and contractions for text normalisation; places
struct rules {
  std::string dir;
  std::map<std::string, std::vector<std::string>, std::less<>> replies;  // key -> variants
  std::vector<intent_rule> intents;
  std::map<std::string, double, std::less<>> thresholds;
  word_map abbreviations;  // token -> expansion
  // Places people name when asked where they are, lower-case -> IANA zone (lexicon.yaml);
  // the zone database's own city names ("Berlin", "New York") need no entry.
  std::map<std::string, std::string, std::less<>> places;
  // Neighbouring job-search topics the bot does not coach and the words that name them, in
  // file order (lexicon.yaml: off_topic); the off-topic reply names the first that matches.
  std::vector<std::pair<std::string, std::vector<std::string>>> off_topic;
  // What a request for a written draft is about, by the words it uses (lexicon.yaml:
  // draft_kinds): kind -> words, in file order; the first kind with a word in the message wins.
  std::vector<std::pair<std::string, std::vector<std::string>>> draft_kinds;
  double confidence_threshold = 0.5;
  // Softmax temperature of the intent model (calibration: confidence close to accuracy).
  double temperature = 1;
  // Added to the off-topic class's score: above 0 the bot says "not my field" sooner, below 0
  // it tries harder to find an etiquette question in what it is asked.
  double off_topic_bias = 0;
  // A report whose words say what to log ("the Fairmount interview is done": a company and an
  // interview over) has its odds multiplied by report_carried; one whose words do not ("it
  // was at Globex" read as an outcome) by report_missing.
  double report_carried = 1;
  double report_missing = 1;
  // A clause of a message carries an intent of its own when at least this sure.
  double also_threshold = 0.55;
  // How much a clause's speech act ("question", "statement", "request") favours each kind of
  // intent; 1 is neutral.
  std::map<std::string, std::map<std::string, double, std::less<>>, std::less<>> act_evidence;

  // A threshold from etiquette.yaml; throws std::out_of_range for one check_rules requires.
  double threshold(std::string_view name) const;
  bool has_reply(std::string_view key) const { return replies.count(key) != 0; }

  // A variant of reply `key` chosen by `seed`, with {slot}s filled in. Throws std::out_of_range
  // for a key that check_rules would have rejected.
  std::string say(std::string_view key, std::uint64_t seed, const slots& values = {}) const;
};

struct rules_error {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem is not on one line
  std::string message;
  std::string text() const;
};

// The fixed intent names of DESIGN.md.
const std::vector<std::string>& known_intents();
// Reply keys the code uses; each must exist in replies.yaml or etiquette.yaml.
const std::vector<std::string>& required_reply_keys();
// Thresholds the code uses, with the range each must lie in.
struct threshold_spec {
  std::string name;
  double min, max;
};
const std::vector<threshold_spec>& required_thresholds();

// Loads and validates rules/ in `dir`; on failure returns nullopt and fills `errors`.
std::optional<rules> load_rules(const std::string& dir, std::vector<rules_error>& errors);
// The same from the files' texts (nullopt: a file that could not be read, already reported);
// `dir` names them in errors.
struct rules_texts {
  std::optional<std::string> replies, etiquette, intents, lexicon;
};
std::optional<rules> parse_rules(const rules_texts& texts, const std::string& dir,
                                 std::vector<rules_error>& errors);

std::string fill_slots(std::string_view text, const slots& values);

}  // namespace followup
