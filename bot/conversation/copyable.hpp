#pragma once
#include <string>
#include <string_view>

namespace followup {

// A reply the user is meant to copy and send on (a draft email, a card, a call script) travels
// as its own message, marked by a leading record-separator byte that no rule text or typed
// name can start a reply with. Each platform turns the mark into what copies best there (the
// web chat: a Copy button) and never shows it.
inline constexpr char copyable_mark = '\x1e';

inline std::string copyable(std::string text) {
  text.insert(text.begin(), copyable_mark);
  return text;
}

inline bool is_copyable(std::string_view text) {
  return !text.empty() && text.front() == copyable_mark;
}

// The text as the user should see it: every mark removed (a mark can only be inside a message
// when something joined a draft with other text, which the engine avoids).
inline std::string without_copy_mark(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != copyable_mark) out.push_back(c);
  }
  return out;
}

}  // namespace followup
