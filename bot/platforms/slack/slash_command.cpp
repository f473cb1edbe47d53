#include "bot/platforms/slack/slash_command.hpp"

#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/secret.hpp"
#include "bot/platforms/slack/format.hpp"
#include "bot/platforms/slack/signature.hpp"

namespace followup::slack {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return to_hex(digest);
}
}  // namespace

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = url_decode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

std::optional<slash_command> parse_slash_command(std::string_view body) {
  auto form = parse_form(body);
  auto get = [&form](const char* key) {
    auto it = form.find(key);
    return it == form.end() ? std::string{} : it->second;
  };
  slash_command cmd;
  cmd.command = get("command");
  cmd.user_id = get("user_id");
  if (cmd.command.empty() || cmd.user_id.empty()) return std::nullopt;
  cmd.text = get("text");
  cmd.user_name = get("user_name");
  cmd.channel_id = get("channel_id");
  cmd.team_id = get("team_id");
  cmd.trigger_id = get("trigger_id");
  cmd.response_url = get("response_url");
  return cmd;
}

inbound to_inbound(const slash_command& cmd, std::string_view raw_body) {
  inbound m;
  m.platform = "slack";
  // A prefix keeps command keys apart from event ids in the shared processed-updates table.
  m.update_id = "command:" + (cmd.trigger_id.empty() ? sha256_hex(raw_body)
                                                     : truncate_utf8(cmd.trigger_id, 128));
  m.user_id = cmd.user_id;
  m.chat_id = cmd.user_id;
  m.user_name = truncate_utf8(cmd.user_name, 64);
  m.text = inbound_text(cmd.text);
  return m;
}

std::string ephemeral_response(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& p : parts) {
    if (!text.empty()) text += "\n\n";
    text += p;
  }
  nlohmann::json doc{{"response_type", "ephemeral"}, {"text", escape_mrkdwn(text)}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace followup::slack
