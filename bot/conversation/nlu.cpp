#include "bot/conversation/nlu.hpp"

#include <algorithm>

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

intent_classifier::intent_classifier(const rules& r) {
  for (const auto& intent : r.intents) {
    for (const auto& e : intent.examples) examples_.emplace(normalize_text(e), intent.name);
    // Padded with spaces once here, so matching is a plain substring search per message.
    for (const auto& k : intent.keywords) {
      auto phrase = normalize_text(k);
      if (!phrase.empty()) keywords_.emplace_back(" " + phrase + " ", intent.name);
    }
  }
  // Longer phrases first: "thank you note" must win over "thank you".
  std::stable_sort(keywords_.begin(), keywords_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

understanding intent_classifier::classify(std::string_view text) const {
  understanding u;
  auto norm = normalize_text(text);
  if (norm.empty()) return u;
  if (auto it = examples_.find(norm); it != examples_.end()) {
    u.intent = it->second;
    u.confidence = 1.0;
    return u;
  }
  auto padded = " " + norm + " ";
  for (const auto& [phrase, intent] : keywords_) {
    if (padded.find(phrase) != std::string::npos) {
      u.intent = intent;
      u.confidence = 0.8;
      return u;
    }
  }
  return u;
}

}  // namespace followup
