#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace followup {

struct send_rate {
  double overall_per_second = 30;  // 0 = unpaced
  double per_chat_per_second = 1;
  bool paced() const { return overall_per_second > 0; }
};

// How many messages one user may send on Telegram or Slack in a window before the bot stops
// running them through the engine ("20/min"); 0 turns the limit off. The web chat has its own.
struct user_rate {
  std::size_t messages = 20;
  std::chrono::seconds per{60};
  bool limited() const { return messages > 0; }
};

struct config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string db = "var/followup.db";
  std::string rules_dir;  // empty: discovered (see find_rules_dir)
  std::string tls_cert, tls_key;
  std::string telegram_token, telegram_secret, telegram_api = "https://api.telegram.org";
  std::string slack_signing_secret, slack_bot_token, slack_api = "https://slack.com/api";
  std::string timezone = "UTC";
  // The base of links the bot hands out (FOLLOWUP_PUBLIC_URL, "https://bot.example.com");
  // empty: the listen address.
  std::string public_url;
  send_rate rate;
  bool web_chat = true;
  // WebSockets one address may hold open (FOLLOWUP_WEB_SOCKETS_PER_ADDRESS); more get 429.
  std::size_t web_sockets_per_address = 16;
  // Messages one Telegram or Slack user may send before the engine stops reading them
  // (FOLLOWUP_USER_RATE, "20/min"; 0 = no limit).
  followup::user_rate flood;
  // The store has a thread of its own, so one I/O thread per remaining core.
  int io_threads = default_io_threads();
  static int default_io_threads();
  // public_url without a trailing slash, or http(s)://host:port of the listen address.
  std::string public_base() const;
  bool telegram_enabled() const { return !telegram_token.empty() && !telegram_secret.empty(); }
  bool slack_enabled() const { return !slack_signing_secret.empty() && !slack_bot_token.empty(); }
};

// Embedded defaults, then KEY=VALUE lines of `file` (if given), then the FOLLOWUP_* environment.
// Errors name the file, line and key.
boost::system::result<config> load_config(const std::string& file, std::string& error);
// The KEY=VALUE lines of a config file's text over `c`; `name` is the file, for errors.
bool apply_config_text(std::string_view text, const std::string& name, config& c,
                       std::string& error);

bool parse_send_rate(const std::string& text, send_rate& out);
bool parse_user_rate(const std::string& text, user_rate& out);
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port);

// FOLLOWUP_RULES, else the install prefix's share/followup-bot/rules, else the source tree's
// rules/.
std::optional<std::string> find_rules_dir(const std::string& configured);

}  // namespace followup
