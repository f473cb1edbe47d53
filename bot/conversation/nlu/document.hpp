#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace followup::nlu {

// One analysis of a message, shared by everything that reads it: the intent reader, entities,
// dates and the dialogue. Built once per message (on an I/O thread); immutable afterwards.

enum class token_kind : std::uint8_t { word, punct, emoji, foreign };

struct token {
  // Words: lower-case ASCII, accents folded ("résumé" -> "resume"), inner apostrophes kept
  // ("didn't"); "w/" is one word. Punctuation: the character ("\n" included). Emoji and runs
  // of letters of other scripts: "<emoji>", "<foreign>".
  std::string s;
  std::uint32_t begin = 0;  // bytes of document::text
  std::uint32_t end = 0;
  token_kind kind = token_kind::punct;
  bool capital = false;  // a word written with a capital first letter
  bool word() const { return kind == token_kind::word; }
};

// What a clause does: asks (a question, also without '?': "should i call again"), asks the bot
// to do something ("stop the reminders"), or states something ("called her, no answer").
enum class speech_act : std::uint8_t { question, request, statement };

enum class tense : std::uint8_t { none, past, future, mixed };

// A sentence or part of one that can carry an intent of its own: sentences are split at . ! ?
// ; and line breaks, and again where a new clause starts after a comma or a conjunction ("...,
// and I'm in Toronto now", "called her twice, should I try again?").
struct clause {
  std::uint32_t tb = 0;  // tokens [tb, te)
  std::uint32_t te = 0;
  speech_act act = speech_act::statement;
  tense time = tense::none;
  bool sentence_start = true;  // the first clause of its sentence
  std::uint32_t words = 0;
};

struct document {
  std::string text;  // the message, cut at max_bytes
  std::vector<token> tokens;
  std::vector<clause> clauses;

  static constexpr std::size_t max_bytes = 8 * 1024;
  static constexpr std::size_t max_tokens = 1500;
  static constexpr std::size_t max_clauses = 64;

  // The text of tokens [tb, te) as written.
  std::string_view slice(std::size_t tb, std::size_t te) const;
  std::string_view slice(const clause& c) const { return slice(c.tb, c.te); }
  bool has_question() const;
  std::size_t word_count() const;
};

// Never throws on any input; bounded in time and memory by the limits above.
document analyse(std::string_view text);

// The tokens alone (for short phrases: training examples, keywords).
std::vector<token> tokenize_words(std::string_view text, std::size_t max_tokens = 1500);

}  // namespace followup::nlu
