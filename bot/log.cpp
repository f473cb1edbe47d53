#include "bot/log.hpp"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

namespace followup::log {

std::string handle(std::string_view credential) {
  static const std::array<unsigned char, 32> key = [] {
    std::array<unsigned char, 32> k{};
    if (RAND_bytes(k.data(), static_cast<int>(k.size())) != 1) {
      throw std::runtime_error("no random bytes for the log key");  // OpenSSL is broken: a bug
    }
    return k;
  }();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(credential.data()), credential.size(), mac,
            &mac_len)) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  // 48 bits: enough to tell one user's lines from another's in a day of logs.
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "h:";
  for (int i = 0; i < 6; ++i) {
    out += digits[mac[i] >> 4];
    out += digits[mac[i] & 0xf];
  }
  return out;
}

std::string update_id(std::string_view platform, std::string_view id) {
  return platform == "web" ? handle(id) : std::string(id);
}

namespace {
std::atomic<level> min_level{level::info};
std::mutex write_mutex;

const char* name(level lv) {
  switch (lv) {
    case level::debug:
      return "debug";
    case level::info:
      return "info";
    case level::warn:
      return "warn";
    case level::error:
      return "error";
  }
  return "info";
}

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}
}  // namespace

void set_min_level(level lv) {
  min_level = lv;
}

void write(level lv, std::string_view msg, std::initializer_list<field> fields) {
  if (lv < min_level.load(std::memory_order_relaxed)) return;
  nlohmann::ordered_json line;
  line["ts"] = timestamp();
  line["level"] = name(lv);
  line["msg"] = msg;
  for (const auto& f : fields) {
    if (f.is_number) {
      line[std::string(f.key)] = f.number;
    } else if (f.is_real) {
      line[std::string(f.key)] = f.real;
    } else {
      line[std::string(f.key)] = f.text;
    }
  }
  // Replacing invalid UTF-8 keeps one bad user string from throwing inside the logger.
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(write_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

}  // namespace followup::log
