#include "bot/conversation/nlu/text.hpp"

#include <cctype>

namespace followup::nlu {

char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(text[i]);
  auto take = [&](int n, char32_t lead) -> char32_t {
    if (i + n > text.size()) {
      ++i;
      return 0xFFFD;
    }
    char32_t cp = lead;
    for (int k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) {
        ++i;
        return 0xFFFD;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    i += n;
    return cp;
  };
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if ((b0 >> 5) == 0x6) return take(2, b0 & 0x1F);
  if ((b0 >> 4) == 0xE) return take(3, b0 & 0x0F);
  if ((b0 >> 3) == 0x1E) return take(4, b0 & 0x07);
  ++i;
  return 0xFFFD;
}

char fold_latin(char32_t cp) {
  static constexpr std::string_view latin1 =
      "AAAAAAACEEEEIIII"   // U+00C0..U+00CF
      "DNOOOOO*OUUUUYTs"   // U+00D0..U+00DF
      "aaaaaaaceeeeiiii"   // U+00E0..U+00EF
      "dnooooo/ouuuuyty";  // U+00F0..U+00FF
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2033:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
      return '-';
    case 0x2026:
      return '.';
    case 0x00A0:
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x200A:
    case 0x202F:
      return ' ';
    default:
      break;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A comes in case pairs of a few base letters; a coarse map is enough here.
    static constexpr std::string_view ext_a =
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRr"
        "SsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    auto k = cp - 0x100;
    if (k < ext_a.size()) return ext_a[k];
  }
  return 0;
}

bool is_emoji(char32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F ||
         cp == 0x200D;
}

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (cp < 0x80) {
      if (cp < 0x20 || cp == 0x7F) {
        out += ' ';
      } else {
        out += static_cast<char>(std::tolower(static_cast<int>(cp)));
      }
    } else if (char c = fold_latin(cp)) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (is_emoji(cp)) {
      out += " <emoji> ";
    } else {
      out += " <foreign> ";
    }
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace followup::nlu
