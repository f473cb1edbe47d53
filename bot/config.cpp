#include "bot/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <thread>

namespace followup {
namespace fs = std::filesystem;

int config::default_io_threads() {
  auto cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, cores - 1);
}

bool parse_send_rate(const std::string& text, send_rate& out) {
  try {
    if (text == "0") {
      out = send_rate{0, 0};
      return true;
    }
    auto colon = text.find(':');
    if (colon == std::string::npos) return false;
    std::size_t used = 0;
    double overall = std::stod(text.substr(0, colon), &used);
    if (used != colon) return false;
    auto rest = text.substr(colon + 1);
    double chat = std::stod(rest, &used);
    if (used != rest.size() || overall < 0 || chat <= 0) return false;
    out = send_rate{overall, chat};
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool parse_user_rate(const std::string& text, user_rate& out) {
  if (text == "0") {
    out = user_rate{0, std::chrono::seconds(60)};
    return true;
  }
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    std::size_t used = 0;
    auto n = std::stoul(text.substr(0, slash), &used);
    if (used != slash || n < 1 || n > 100000) return false;
    auto unit = text.substr(slash + 1);
    std::chrono::seconds per{0};
    if (unit == "s" || unit == "sec") per = std::chrono::seconds(1);
    if (unit == "min" || unit == "m") per = std::chrono::seconds(60);
    if (unit == "h" || unit == "hour") per = std::chrono::seconds(3600);
    if (per.count() == 0) return false;
    out = user_rate{static_cast<std::size_t>(n), per};
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  try {
    std::size_t used = 0;
    auto p = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || p > 65535) return false;
    host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    port = static_cast<std::uint16_t>(p);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

namespace {
using setter = std::function<bool(config&, const std::string&)>;

const std::map<std::string, setter>& setters() {
  static const std::map<std::string, setter> table{
      {"FOLLOWUP_LISTEN",
       [](config& c, const std::string& v) {
         return parse_listen(v, c.listen_host, c.listen_port);
       }},
      {"FOLLOWUP_DB",
       [](config& c, const std::string& v) {
         c.db = v;
         return !v.empty();
       }},
      {"FOLLOWUP_RULES",
       [](config& c, const std::string& v) {
         c.rules_dir = v;
         return true;
       }},
      {"FOLLOWUP_TLS_CERT",
       [](config& c, const std::string& v) {
         c.tls_cert = v;
         return true;
       }},
      {"FOLLOWUP_TLS_KEY",
       [](config& c, const std::string& v) {
         c.tls_key = v;
         return true;
       }},
      {"FOLLOWUP_TELEGRAM_TOKEN",
       [](config& c, const std::string& v) {
         c.telegram_token = v;
         return true;
       }},
      {"FOLLOWUP_TELEGRAM_SECRET",
       [](config& c, const std::string& v) {
         // Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - as secret_token.
         if (v.size() > 256) return false;
         for (unsigned char ch : v) {
           if (!std::isalnum(ch) && ch != '_' && ch != '-') return false;
         }
         c.telegram_secret = v;
         return true;
       }},
      {"FOLLOWUP_TELEGRAM_API",
       [](config& c, const std::string& v) {
         c.telegram_api = v;
         return !v.empty();
       }},
      {"FOLLOWUP_SLACK_SIGNING_SECRET",
       [](config& c, const std::string& v) {
         c.slack_signing_secret = v;
         return true;
       }},
      {"FOLLOWUP_SLACK_BOT_TOKEN",
       [](config& c, const std::string& v) {
         c.slack_bot_token = v;
         return true;
       }},
      {"FOLLOWUP_SLACK_API",
       [](config& c, const std::string& v) {
         c.slack_api = v;
         return !v.empty();
       }},
      {"FOLLOWUP_PUBLIC_URL",
       [](config& c, const std::string& v) {
         c.public_url = v;
         while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
         // A base to put "/calendar/..." after: a scheme, a host, no query or fragment.
         return (c.public_url.starts_with("http://") || c.public_url.starts_with("https://")) &&
                c.public_url.find_first_of("?# ") == std::string::npos && c.public_url.size() > 8;
       }},
      {"FOLLOWUP_TIMEZONE",
       [](config& c, const std::string& v) {
         c.timezone = v;
         return !v.empty();
       }},
      {"FOLLOWUP_SEND_RATE",
       [](config& c, const std::string& v) { return parse_send_rate(v, c.rate); }},
      {"FOLLOWUP_IO_THREADS",
       [](config& c, const std::string& v) {
         try {
           c.io_threads = std::stoi(v);
         } catch (const std::exception&) {
           return false;
         }
         return c.io_threads >= 1 && c.io_threads <= 64;
       }},
      {"FOLLOWUP_WEB_CHAT",
       [](config& c, const std::string& v) {
         c.web_chat = (v != "0" && v != "off");
         return true;
       }},
      {"FOLLOWUP_WEB_SOCKETS_PER_ADDRESS",
       [](config& c, const std::string& v) {
         try {
           std::size_t used = 0;
           auto n = std::stoul(v, &used);
           if (used != v.size() || n < 1 || n > 100000) return false;
           c.web_sockets_per_address = n;
           return true;
         } catch (const std::exception&) {
           return false;
         }
       }},
      {"FOLLOWUP_USER_RATE",
       [](config& c, const std::string& v) { return parse_user_rate(v, c.flood); }},
  };
  return table;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}
}  // namespace

bool apply_config_text(std::string_view text, const std::string& name, config& c,
                       std::string& error) {
  std::size_t at = 0;
  int number = 0;
  while (at <= text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    auto line = trim(std::string(text.substr(at, end - at)));
    at = end + 1;
    ++number;
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    auto where = name + ":" + std::to_string(number) + ": ";
    if (eq == std::string::npos) {
      error = where + "expected KEY=VALUE";
      return false;
    }
    auto key = trim(line.substr(0, eq));
    auto value = trim(line.substr(eq + 1));
    auto it = setters().find(key);
    if (it == setters().end()) {
      error = where + "unknown setting " + key;
      return false;
    }
    if (!it->second(c, value)) {
      error = where + "invalid value for " + key + ": " + value;
      return false;
    }
  }
  return true;
}

boost::system::result<config> load_config(const std::string& file, std::string& error) {
  config c;
  auto invalid = std::make_error_code(std::errc::invalid_argument);
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      error = file + ": cannot open config file";
      return invalid;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!apply_config_text(text, file, c, error)) return invalid;
  }
  for (const auto& [key, set] : setters()) {
    if (const char* v = std::getenv(key.c_str())) {
      if (!set(c, v)) {
        error = "environment: invalid value for " + key + ": " + v;
        return invalid;
      }
    }
  }
  return c;
}

std::optional<std::string> find_rules_dir(const std::string& configured) {
  auto valid = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p / "replies.yaml", ec);
  };
  if (!configured.empty()) {
    if (valid(configured)) return configured;
    return std::nullopt;
  }
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../share/followup-bot/rules");
    candidates.push_back(exe.parent_path() / "../rules");  // build/ inside the source tree
  }
  candidates.push_back(FOLLOWUP_INSTALL_DATADIR "/rules");
  candidates.push_back(FOLLOWUP_SOURCE_DIR "/rules");
  candidates.push_back("rules");
  for (const auto& c : candidates) {
    if (valid(c)) return fs::weakly_canonical(c, ec).string();
  }
  return std::nullopt;
}

std::string config::public_base() const {
  if (!public_url.empty()) return public_url;
  auto host = listen_host.find(':') != std::string::npos ? "[" + listen_host + "]" : listen_host;
  return (tls_cert.empty() ? "http://" : "https://") + host + ":" + std::to_string(listen_port);
}

}  // namespace followup
