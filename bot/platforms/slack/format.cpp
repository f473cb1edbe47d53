#include "bot/platforms/slack/format.hpp"

#include "bot/platforms/telegram/format.hpp"

namespace followup::slack {

std::string escape_mrkdwn(std::string_view text) {
  // Slack's control characters are exactly HTML's three.
  return telegram::escape_html(text);
}

std::vector<std::string> split_message(std::string_view text, std::size_t limit) {
  // The splitting rules are the same for every platform; only the limit differs.
  return telegram::split_message(text, limit);
}

namespace {
std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      if (s.substr(i, 5) == "&amp;") {
        out += '&';
        i += 5;
        continue;
      }
      if (s.substr(i, 4) == "&lt;") {
        out += '<';
        i += 4;
        continue;
      }
      if (s.substr(i, 4) == "&gt;") {
        out += '>';
        i += 4;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

// Appends one <...> control sequence, given without the brackets, as readable text.
// (Appending, rather than operator+ on temporaries, also keeps GCC 12's -Warray-bounds quiet.)
void render_control(std::string_view inner, std::string_view bot_user_id, std::string& out) {
  auto bar = inner.find('|');
  auto target = inner.substr(0, bar);
  auto label = bar == std::string_view::npos ? std::string_view{} : inner.substr(bar + 1);
  if (target.starts_with("@")) {
    auto id = target.substr(1);
    if (!bot_user_id.empty() && id == bot_user_id) return;
    out += '@';
    out.append(label.empty() ? id : label);
  } else if (target.starts_with("#")) {
    out += '#';
    out.append(label.empty() ? target.substr(1) : label);
  } else if (target.starts_with("!")) {
    // <!here>, <!channel>, <!subteam^ID|@team>, <!date^...|fallback>
    if (label.empty()) {
      out += '@';
      out.append(target.substr(1));
    } else {
      out.append(label);
    }
  } else {
    out.append(label.empty() ? target : label);
  }
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
    if (c == '\n' && !out.empty() && out.back() == ' ') out.pop_back();
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t'))
    out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && (out[start] == '\n' || out[start] == '\t')) ++start;
  return out.substr(start);
}
}  // namespace

std::string plain_text(std::string_view text, std::string_view bot_user_id) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      auto close = text.find('>', i + 1);
      if (close != std::string_view::npos) {
        // Entities inside a control sequence (a label with &amp;) are decoded with the rest.
        render_control(text.substr(i + 1, close - i - 1), bot_user_id, out);
        i = close + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return collapse_spaces(decode_entities(out));
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string inbound_text(std::string_view raw, std::string_view bot_user_id) {
  return truncate_utf8(plain_text(truncate_utf8(raw, 4 * max_inbound_bytes), bot_user_id),
                       max_inbound_bytes);
}

}  // namespace followup::slack
