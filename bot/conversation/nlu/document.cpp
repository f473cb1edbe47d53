#include "bot/conversation/nlu/document.hpp"

#include <algorithm>
#include <array>

#include "bot/conversation/nlu/text.hpp"

namespace followup::nlu {

namespace {

bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Word lists are searched for every word of every message: the length and first letter rule
// out nearly every entry before the bytes are compared.
template <std::size_t N>
bool in(std::string_view s, const std::array<std::string_view, N>& set) {
  if (s.empty()) return false;
  for (const auto& w : set) {
    if (w.size() == s.size() && w[0] == s[0] && w == s) return true;
  }
  return false;
}

// ---------------------------------------------------------------- tokens

class tokenizer {
 public:
  tokenizer(std::string_view text, std::size_t max_tokens) : text_(text), max_(max_tokens) {}

  std::vector<token> run() {
    std::size_t i = 0;
    while (i < text_.size() && out_.size() < max_) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if (c < 0x80) {
        ascii(c, i);
        ++i;
        continue;
      }
      const std::size_t start = i;
      const char32_t cp = next_code_point(text_, i);
      other(cp, start, i);
    }
    flush(std::min(i, text_.size()));
    return std::move(out_);
  }

 private:
  std::string_view text_;
  std::size_t max_;
  std::vector<token> out_;
  token cur_;
  bool in_word_ = false;

  void flush(std::size_t end) {
    if (!in_word_) return;
    cur_.end = static_cast<std::uint32_t>(end);
    cur_.kind = token_kind::word;
    out_.push_back(std::move(cur_));
    cur_ = token{};
    in_word_ = false;
  }
  void start_word(std::size_t at, bool capital) {
    if (in_word_) return;
    cur_.begin = static_cast<std::uint32_t>(at);
    cur_.capital = capital;
    in_word_ = true;
  }
  void push(std::string s, std::size_t begin, std::size_t end, token_kind kind) {
    if (kind == token_kind::foreign && !out_.empty() && out_.back().kind == token_kind::foreign) {
      out_.back().end = static_cast<std::uint32_t>(end);  // one marker per run of another script
      return;
    }
    token t;
    t.s = std::move(s);
    t.begin = static_cast<std::uint32_t>(begin);
    t.end = static_cast<std::uint32_t>(end);
    t.kind = kind;
    out_.push_back(std::move(t));
  }
  bool alnum_at(std::size_t at) const {
    return at < text_.size() && ascii_alnum(static_cast<unsigned char>(text_[at]));
  }

  void ascii(unsigned char c, std::size_t i) {
    if (ascii_alnum(c)) {
      start_word(i, c >= 'A' && c <= 'Z');
      cur_.s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      return;
    }
    if (c == '\'' && in_word_ && alnum_at(i + 1)) {
      cur_.s += '\'';
      return;
    }
    // "w/" (with) is a word of its own, also glued to the next ("w/Acme"), and so is "w/o".
    if (c == '/' && in_word_ && cur_.s == "w") {
      cur_.s += '/';
      if (i + 1 < text_.size() && (text_[i + 1] == 'o' || text_[i + 1] == 'O') &&
          !alnum_at(i + 2)) {
        return;  // the 'o' that follows completes "w/o"
      }
      flush(i + 1);
      return;
    }
    flush(i);
    if (c == '\n' || (c > 0x20 && c < 0x7f)) push(std::string(1, static_cast<char>(c)), i, i + 1,
                                                  token_kind::punct);
  }

  void other(char32_t cp, std::size_t begin, std::size_t end) {
    if (cp == 0xFFFD && end - begin == 1) {  // an invalid byte separates words
      flush(begin);
      return;
    }
    if (char f = fold_latin(cp)) {
      const auto uf = static_cast<unsigned char>(f);
      if (ascii_alnum(uf)) {
        start_word(begin, f >= 'A' && f <= 'Z');
        cur_.s += static_cast<char>(f >= 'A' && f <= 'Z' ? f - 'A' + 'a' : f);
        return;
      }
      if (f == '\'') {
        if (!(in_word_ && alnum_at(end))) flush(begin);
        else cur_.s += '\'';
        return;
      }
      flush(begin);
      if (f != ' ') push(std::string(1, f), begin, end, token_kind::punct);
      return;
    }
    flush(begin);
    if (is_emoji(cp)) {
      if (cp != 0xFE0F && cp != 0x200D) push("<emoji>", begin, end, token_kind::emoji);
      return;
    }
    const bool letter_like = (cp >= 0x180 && cp < 0x2000) || (cp >= 0x3000 && cp < 0xFE00) ||
                             (cp >= 0x10000 && cp < 0x1F000) || (cp >= 0x20000);
    if (letter_like) {
      push("<foreign>", begin, end, token_kind::foreign);
    } else if (cp > 0x20 && cp != 0xFFFD) {
      push(std::string(text_.substr(begin, end - begin)), begin, end, token_kind::punct);
    }
  }
};

// ---------------------------------------------------------------- sentences and clauses

constexpr std::array<std::string_view, 26> not_sentence_end_after{
    "mr", "mrs",    "ms",   "dr",  "st",   "jr",  "sr",  "inc", "ltd", "co",  "corp", "vs", "etc",
    "eg", "approx", "dept", "esp", "prof", "sen", "rep", "gov", "no",  "ave", "mt",   "ft", "u.s"};

bool sentence_end(const std::vector<token>& t, std::size_t k) {
  const auto& tok = t[k];
  if (tok.kind != token_kind::punct) return false;
  if (tok.s == "!" || tok.s == "?" || tok.s == ";" || tok.s == "\n") return true;
  if (tok.s != ".") return false;
  const bool glued_before = k > 0 && t[k - 1].end == tok.begin && t[k - 1].word();
  const bool glued_after = k + 1 < t.size() && t[k + 1].begin == tok.end && t[k + 1].word();
  if (glued_before && glued_after) return false;  // "2.30", "acme.com", "J.Smith"
  if (glued_before) {
    const auto& w = t[k - 1].s;
    if (in(w, not_sentence_end_after)) return false;
    // "J. Smith", "a.m.", "p.m."; but "i." ends a sentence.
    if (w.size() == 1 && w != "i" && !(w[0] >= '0' && w[0] <= '9')) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 30> subject_words{
    "i",     "i'm",    "im",     "i've",   "ive",   "i'd",   "i'll",    "she",
    "he",    "they",   "we",     "she's",  "he's",  "they're", "theyre", "we're",
    "it's",  "its",    "you",    "u",      "she'd", "he'd",  "they'd",  "they'll",
    "she'll", "he'll", "hr",     "nobody", "no",    "still"};

constexpr std::array<std::string_view, 21> auxiliaries{
    "should", "shall", "can",  "could", "do",    "does",  "did",  "is",   "are",  "am",  "was",
    "were",   "would", "will", "may",   "might", "must",  "shld", "shud", "wld",  "have"};

constexpr std::array<std::string_view, 15> wh_words{"what", "when", "where", "why",  "how",
                                                     "which", "who", "whom",  "whose", "wat",
                                                     "wut",  "hw",   "wen",   "whats", "wtf"};

// Words that open a new clause after a comma or a conjunction.
bool clause_opener(const std::vector<token>& t, std::size_t k) {
  if (k >= t.size() || !t[k].word()) return false;
  const auto& w = t[k].s;
  return in(w, subject_words) || in(w, auxiliaries) || in(w, wh_words) || w == "any" ||
         w == "also" || w == "please" || w == "pls" || w == "plus";
}

bool conjunction(std::string_view w) {
  return w == "and" || w == "but" || w == "so" || w == "also" || w == "plus" || w == "then" ||
         w == "&";
}

// Words skipped at the start of a clause before its act is read: "so", "ok", "hi", "also".
bool filler(std::string_view w) {
  static constexpr std::array<std::string_view, 31> words{
      "so",   "ok",    "okay", "also",   "and",    "but",      "hi",     "hey",
      "hello", "um",   "uh",   "well",   "btw",    "quick",    "question", "q",
      "then", "now",   "honestly", "sorry", "anyway", "anyways", "oh",     "alright",
      "right", "ps",   "dear", "just",   "basically", "plus",    "hmm"};
  return in(w, words);
}

bool is_pronoun_subject(std::string_view w) {
  return w == "i" || w == "we" || w == "you" || w == "u" || w == "it" || w == "they" ||
         w == "he" || w == "she" || w == "there" || w == "that" || w == "this" || w == "my" ||
         w == "a" || w == "an" || w == "the" || w == "one" || w == "someone" || w == "anyone" ||
         w == "email" || w == "calling" || w == "sending" || w == "texting" || w == "emailing" ||
         w == "ringing" || w == "phoning" || w == "following" || w == "leaving" ||
         w == "thanking" || w == "their" || w == "his" || w == "her" || w == "ur" || w == "your";
}

// Phrases that make a clause a question even without '?' ("not sure whether to call").
bool asks_anywhere(const std::vector<token>& t, std::size_t tb, std::size_t te) {
  auto is = [&](std::size_t k, std::string_view w) { return k < te && t[k].s == w; };
  for (std::size_t k = tb; k < te; ++k) {
    const auto& w = t[k].s;
    if (w == "wondering" || w == "wonder" || w == "unsure" || w == "advise" ||
        w == "advice" || w == "thoughts" || w == "suggestions" || w == "recommend") {
      return true;
    }
    if (w == "not" && is(k + 1, "sure")) return true;
    if ((w == "know" || w == "idk") && (is(k + 1, "if") || is(k + 1, "whether") ||
                                        is(k + 1, "what") || is(k + 1, "how") ||
                                        is(k + 1, "when"))) {
      return true;
    }
    if (w == "or" && (is(k + 1, "not") || is(k + 1, "nah") || is(k + 1, "no") ||
                      is(k + 1, "should") || is(k + 1, "do") || is(k + 1, "is") ||
                      is(k + 1, "would") || is(k + 1, "just"))) {
      return true;
    }
    if ((w == "ok" || w == "okay" || w == "alright" || w == "acceptable" || w == "appropriate" ||
         w == "weird" || w == "rude" || w == "pushy" || w == "worth") &&
        (is(k + 1, "to") || is(k + 1, "if") || is(k + 1, "or"))) {
      return true;
    }
    if (w == "y" && is(k + 1, "/") && is(k + 2, "n")) return true;
    if (w == "yes" && is(k + 1, "or") && is(k + 2, "no")) return true;
    if ((w == "help" || w == "tell" || w == "show") && is(k + 1, "me") &&
        (is(k + 2, "how") || is(k + 2, "what") || is(k + 2, "whether") || is(k + 2, "if") ||
         is(k + 2, "when") || is(k + 2, "write") || is(k + 2, "word"))) {
      return true;
    }
  }
  return false;
}

speech_act act_of(const std::vector<token>& t, std::size_t tb, std::size_t te, bool ends_q) {
  bool mark = false;
  for (std::size_t k = tb; k < te; ++k) mark = mark || t[k].s == "?";
  if (mark || ends_q) return speech_act::question;
  std::size_t k = tb;
  while (k < te && (!t[k].word() || filler(t[k].s))) ++k;
  if (k >= te) return speech_act::statement;
  const auto& w = t[k].s;
  const std::string_view next = k + 1 < te ? std::string_view(t[k + 1].s) : std::string_view();
  if (in(w, wh_words)) {
    // "when I called, nobody answered", "how it went": a clause about the past, not a question.
    const bool subordinate = (w == "when" || w == "after" || w == "how" || w == "where") &&
                             (next == "i" || next == "she" || next == "he" || next == "they" ||
                              next == "we" || next == "it");
    if (!subordinate) return speech_act::question;
  }
  if (in(w, auxiliaries) && is_pronoun_subject(next)) return speech_act::question;
  if ((w == "any" || w == "anyone" || w == "anybody") &&
      (next == "tips" || next == "advice" || next == "ideas" || next == "thoughts" ||
       next == "suggestions" || next == "help" || next == "recommendations" ||
       next == "insight" || next == "experience" || next == "idea")) {
    return speech_act::question;
  }
  if (asks_anywhere(t, tb, te)) return speech_act::question;
  static constexpr std::array<std::string_view, 30> imperatives{
      "remind", "stop",   "start",  "turn",   "snooze", "pause",   "mute",   "unmute",
      "resume", "delete", "remove", "erase",  "forget", "wipe",    "show",   "list",
      "give",   "set",    "change", "cancel", "switch", "update",  "export", "disable",
      "enable", "draft",  "write",  "tell",   "please", "pls"};
  if (in(w, imperatives)) return speech_act::request;
  if (w == "dont" || w == "don't" || (w == "no" && (next == "more" || next == "reminders" ||
                                                     next == "reminder" || next == "nudges"))) {
    return speech_act::request;
  }
  return speech_act::statement;
}

bool past_word(std::string_view w) {
  static constexpr std::array<std::string_view, 52> words{
      "had",       "was",      "were",     "went",     "did",      "got",       "met",
      "spoke",     "talked",   "called",   "emailed",  "sent",     "mailed",    "texted",
      "left",      "rang",     "phoned",   "tried",    "finished", "wrapped",   "saw",
      "heard",     "said",     "told",     "asked",    "thanked",  "wrote",     "posted",
      "dropped",   "submitted", "interviewed", "reached", "messaged", "dmed",   "dm'd",
      "chatted",   "followed", "received", "applied",  "didnt",    "didn't",    "haven't",
      "havent",    "hasn't",   "hasnt",    "ago",      "yesterday", "came",     "done",
      "over",      "walked",   "returned"};
  return in(w, words);
}

bool future_word(std::string_view w) {
  static constexpr std::array<std::string_view, 14> words{
      "will",     "gonna",   "tomorrow", "tmrw",     "tmr",    "upcoming", "next",
      "scheduled", "coming", "going",    "tonight",  "planning", "later",  "soon"};
  return in(w, words) || w.ends_with("'ll");
}

tense tense_of(const std::vector<token>& t, std::size_t tb, std::size_t te) {
  bool past = false, future = false;
  for (std::size_t k = tb; k < te; ++k) {
    if (!t[k].word()) continue;
    const auto& w = t[k].s;
    // "I've got an interview on Friday", "got a second round next week": having, not past.
    if (w == "got" && ((k > tb && (t[k - 1].s.ends_with("'ve") || t[k - 1].s == "ive" ||
                                   t[k - 1].s == "have" || t[k - 1].s == "has" ||
                                   t[k - 1].s == "weve")) ||
                       (k + 1 < te && (t[k + 1].s == "a" || t[k + 1].s == "an" ||
                                       t[k + 1].s == "another" || t[k + 1].s == "my")))) {
      future = true;
      continue;
    }
    past = past || past_word(w);
    future = future || future_word(w);
  }
  if (past && future) return tense::mixed;
  if (past) return tense::past;
  if (future) return tense::future;
  return tense::none;
}

std::uint32_t words_in(const std::vector<token>& t, std::size_t tb, std::size_t te) {
  std::uint32_t n = 0;
  for (std::size_t k = tb; k < te; ++k) n += t[k].word();
  return n;
}

// Where a new clause starts inside a sentence [sb, se): after ", " before an opener or a
// conjunction with an opener, or at "and/but" + a subject when both sides have words enough.
std::vector<std::size_t> clause_starts(const std::vector<token>& t, std::size_t sb,
                                       std::size_t se) {
  std::vector<std::size_t> starts{sb};
  for (std::size_t k = sb + 1; k < se; ++k) {
    const bool after_comma = t[k - 1].s == "," || (t[k - 1].s == "-" && t[k - 1].begin > 0 &&
                                                   k >= 2 && t[k - 2].end < t[k - 1].begin);
    const std::size_t left_words = words_in(t, starts.back(), k);
    if (after_comma && left_words >= 2) {
      if (clause_opener(t, k) ||
          (t[k].word() && conjunction(t[k].s) &&
           (clause_opener(t, k + 1) || t[k].s == "but" ||
            (k + 1 < se && (t[k + 1].s == "if" || t[k + 1].s == "when"))))) {
        starts.push_back(k);
        continue;
      }
    }
    // "rang 3x no answer what do i do now", "called twice should I try again": a question
    // that starts in the middle of a line without punctuation.
    if (left_words >= 3 && t[k].word() && k + 2 < se && t[k + 1].word() && t[k + 2].word() &&
        ((in(t[k].s, wh_words) && in(t[k + 1].s, auxiliaries) &&
          is_pronoun_subject(t[k + 2].s)) ||
         (t[k].s == "should" || t[k].s == "shall" || t[k].s == "shld") &&
             (t[k + 1].s == "i" || t[k + 1].s == "we")) &&
        !in(t[k - 1].s, wh_words) && t[k - 1].s != "i" && t[k - 1].s != "we" &&
        t[k - 1].s != "you") {
      starts.push_back(k);
      continue;
    }
    if (t[k].word() && (t[k].s == "and" || t[k].s == "but") && left_words >= 3 &&
        words_in(t, k + 1, se) >= 2 && k + 1 < se && t[k + 1].word() &&
        (in(t[k + 1].s, subject_words) || in(t[k + 1].s, wh_words) ||
         (in(t[k + 1].s, auxiliaries) && k + 2 < se && is_pronoun_subject(t[k + 2].s)))) {
      starts.push_back(k);
    }
  }
  return starts;
}

}  // namespace

std::vector<token> tokenize_words(std::string_view text, std::size_t max_tokens) {
  if (text.size() > document::max_bytes) text = text.substr(0, document::max_bytes);
  return tokenizer(text, max_tokens).run();
}

document analyse(std::string_view text) {
  document d;
  if (text.size() > document::max_bytes) {
    // Cut at a character boundary.
    std::size_t cut = document::max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  d.text = std::string(text);
  d.tokens = tokenizer(d.text, document::max_tokens).run();
  const auto& t = d.tokens;
  std::size_t sb = 0;
  auto close_sentence = [&](std::size_t se, bool question_mark) {
    // Trim the sentence's own punctuation from its ends.
    std::size_t b = sb, e = se;
    while (b < e && t[b].kind == token_kind::punct && t[b].s != "?") ++b;
    if (b >= e || words_in(t, b, e) == 0) {
      // Punctuation or emoji only: kept as a clause when the message has nothing else.
      if (b < e && d.clauses.size() < document::max_clauses &&
          std::any_of(t.begin() + b, t.begin() + e,
                      [](const token& x) { return x.kind != token_kind::punct; })) {
        d.clauses.push_back(clause{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e),
                                   speech_act::statement, tense::none, true, 0});
      }
      return;
    }
    auto starts = clause_starts(t, b, e);
    for (std::size_t i = 0; i < starts.size() && d.clauses.size() < document::max_clauses; ++i) {
      const std::size_t cb = starts[i];
      const std::size_t ce = i + 1 < starts.size() ? starts[i + 1] : e;
      clause c;
      c.tb = static_cast<std::uint32_t>(cb);
      c.te = static_cast<std::uint32_t>(ce);
      c.sentence_start = i == 0;
      c.words = words_in(t, cb, ce);
      const bool last = i + 1 == starts.size();
      // A '?' ends the sentence: its last clause asks, and so does any clause of it that opens
      // like a question ("is email ok, or should I mail a card?").
      // The others ask too, unless they tell what happened ("I called twice, should I try
      // again?"): "Email or a card, and how soon?" asks twice.
      c.time = tense_of(t, cb, ce);
      bool asks_too = false;
      if (question_mark && !last) {
        std::size_t k = cb;
        while (k < ce && (!t[k].word() || filler(t[k].s))) ++k;
        asks_too = k < ce && (in(t[k].s, auxiliaries) || in(t[k].s, wh_words) ||
                              (c.time != tense::past && c.time != tense::mixed &&
                               !in(t[k].s, subject_words)));
      }
      c.act = act_of(t, cb, ce, question_mark && (last || asks_too));
      d.clauses.push_back(c);
    }
  };
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (!sentence_end(t, k)) continue;
    // A run of marks ("?!", "...") ends one sentence.
    std::size_t run_end = k;
    bool question = false;
    while (run_end < t.size() && t[run_end].kind == token_kind::punct &&
           (t[run_end].s == "." || t[run_end].s == "!" || t[run_end].s == "?" ||
            t[run_end].s == ";" || t[run_end].s == "\n")) {
      question = question || t[run_end].s == "?";
      ++run_end;
    }
    close_sentence(k, question);
    sb = run_end;
    k = run_end - 1;
  }
  if (sb < t.size()) close_sentence(t.size(), false);
  return d;
}

std::string_view document::slice(std::size_t tb, std::size_t te) const {
  if (tb >= te || te > tokens.size()) return {};
  return std::string_view(text).substr(tokens[tb].begin, tokens[te - 1].end - tokens[tb].begin);
}

bool document::has_question() const {
  return std::any_of(clauses.begin(), clauses.end(),
                     [](const clause& c) { return c.act == speech_act::question; });
}

std::size_t document::word_count() const {
  return static_cast<std::size_t>(
      std::count_if(tokens.begin(), tokens.end(), [](const token& x) { return x.word(); }));
}

}  // namespace followup::nlu
