#include "bot/platforms/telegram/format.hpp"

namespace followup::telegram {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_markdown_v2(std::string_view text) {
  static constexpr std::string_view special = "_*[]()~`>#+-=|{}.!\\";
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    if (special.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

namespace {
// Byte length of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}
}  // namespace

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto n = sequence_length(static_cast<unsigned char>(text[i]));
    if (i + n > text.size()) n = 1;
    units += (n == 4) ? 2 : 1;
    i += n;
  }
  return units;
}

std::vector<std::string> split_message(std::string_view text, std::size_t limit) {
  std::vector<std::string> parts;
  if (limit < 2) limit = 2;
  while (!text.empty()) {
    // Walk code points until the limit, remembering the best break seen so far.
    std::size_t units = 0, i = 0;
    std::size_t para = 0, line = 0, sentence = 0, word = 0;
    while (i < text.size()) {
      auto n = sequence_length(static_cast<unsigned char>(text[i]));
      if (i + n > text.size()) n = 1;
      std::size_t u = (n == 4) ? 2 : 1;
      if (units + u > limit) break;
      units += u;
      char c = text[i];
      i += n;
      if (c == '\n') {
        line = i;
        if (i >= 2 && text[i - 2] == '\n') para = i;
      } else if (c == ' ') {
        word = i;
        if (i >= 2 && (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?'))
          sentence = i;
      }
    }
    std::size_t cut = i;
    if (i < text.size()) {
      // Prefer a break in the last half of the window, so parts stay reasonably full.
      std::size_t floor = i / 2;
      for (auto candidate : {para, line, sentence, word}) {
        if (candidate > floor) {
          cut = candidate;
          break;
        }
      }
    }
    auto part = text.substr(0, cut);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\n')) part.remove_suffix(1);
    if (!part.empty()) parts.emplace_back(part);
    text.remove_prefix(cut);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  }
  return parts;
}

}  // namespace followup::telegram
