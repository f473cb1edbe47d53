#include "bot/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

namespace followup::log {
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
