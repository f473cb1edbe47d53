#include "bot/conversation/nlu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "bot/conversation/nlu/normalize.hpp"

namespace followup {

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = true;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f || (c < 0x80 && std::ispunct(c) && c != '\'')) {
      c = ' ';
    } else if (c < 0x80) {
      c = static_cast<unsigned char>(std::tolower(c));
    }
    if (c == ' ') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += static_cast<char>(c);
      space = false;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> intent_classifier::tokens(std::string_view text) const {
  auto toks = nlu::tokenize(text, rules_.abbreviations);
  for (auto& t : toks) t = spelling_.correct(t);
  return toks;
}

intent_classifier::intent_classifier(const rules& r) : rules_(r) {
  if (const char* b = std::getenv("FOLLOWUP_NLU_BOOST")) boost_ = std::atof(b);
  std::vector<std::vector<std::string>> docs;
  std::vector<int> labels;
  for (const auto& intent : r.intents) {
    int label = static_cast<int>(names_.size());
    names_.push_back(intent.name);
    for (const auto& e : intent.examples) {
      docs.push_back(nlu::tokenize(e, r.abbreviations));
      labels.push_back(label);
    }
  }
  for (const auto& d : docs) {
    for (const auto& t : d) spelling_.add(t);
  }
  for (std::size_t i = 0; i < r.intents.size(); ++i) {
    for (const auto& k : r.intents[i].keywords) {
      auto toks = nlu::tokenize(k, r.abbreviations);
      for (const auto& t : toks) spelling_.add(t);
      if (toks.empty()) continue;
      std::string phrase;
      for (const auto& t : toks) phrase += (phrase.empty() ? "" : " ") + t;
      keywords_.add(phrase, static_cast<int>(keyword_intents_.size()));
      keyword_intents_.push_back(static_cast<int>(i));
    }
  }
  if (!docs.empty()) {
    model_.train(docs, labels, static_cast<int>(names_.size()),
                 nlu::text_classifier::options::from_env());
  }
}

understanding intent_classifier::classify(std::string_view text) const {
  understanding u;
  if (names_.empty()) return u;
  auto toks = tokens(text);
  bool has_word = std::any_of(toks.begin(), toks.end(), [](const std::string& t) {
    return t.front() != '<' || t == "<num>";
  });
  if (!has_word) {
    // Emoji only, another script, or punctuation: nothing the model can read.
    u.intent = "unknown";
    u.confidence = 1.0;
    return u;
  }
  // Mostly words the bot has never seen (another language, gibberish): the model would only
  // be guessing from a stray letter pattern.
  std::size_t words = 0, unseen = 0;
  for (const auto& t : toks) {
    if (t.front() == '<' || t.size() < 2) continue;
    ++words;
    unseen += !spelling_.known(t);
  }
  if (words >= 2 && unseen * 4 >= words * 3) {
    u.intent = "unknown";
    u.confidence = static_cast<double>(unseen) / static_cast<double>(words);
    return u;
  }
  auto z = model_.scores(toks);
  for (int k : keywords_.find(toks)) z[static_cast<std::size_t>(keyword_intents_[k])] += boost_;
  double mx = *std::max_element(z.begin(), z.end());
  double sum = 0;
  std::vector<double> p(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) sum += (p[i] = std::exp(z[i] - mx));
  std::vector<std::size_t> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::partial_sort(order.begin(), order.begin() + std::min<std::size_t>(2, order.size()),
                    order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
  u.intent = names_[order[0]];
  u.confidence = p[order[0]] / sum;
  if (order.size() > 1) {
    u.second_intent = names_[order[1]];
    u.second_confidence = p[order[1]] / sum;
  }
  return u;
}

}  // namespace followup
