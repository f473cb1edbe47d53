#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace followup::log {

enum class level { debug, info, warn, error };

// One structured field; values are rendered as JSON strings or numbers.
struct field {
  field(std::string_view k, std::string_view v) : key(k), text(v) {}
  field(std::string_view k, const std::string& v) : key(k), text(v) {}
  field(std::string_view k, const char* v) : key(k), text(v) {}
  field(std::string_view k, long long v) : key(k), number(v), is_number(true) {}
  field(std::string_view k, long v) : key(k), number(v), is_number(true) {}
  field(std::string_view k, int v) : key(k), number(v), is_number(true) {}
  field(std::string_view k, unsigned long v)
      : key(k), number(static_cast<long long>(v)), is_number(true) {}
  field(std::string_view k, double v) : key(k), real(v), is_real(true) {}
  std::string_view key;
  std::string text;
  long long number = 0;
  double real = 0;
  bool is_number = false;
  bool is_real = false;
};

// What a log line says instead of an id that works as a credential (the web chat's user id gives
// access to the user's data, export included): a short keyed hash, "h:" and 12 hex digits, the
// same for the same id within this process and useless for guessing or replaying it. The key
// is random per process.
std::string handle(std::string_view credential);

// A message's delivery id as logs may show it: the web chat's ids start with the user's id.
std::string update_id(std::string_view platform, std::string_view id);

// Writes one JSON object per line to stderr: {"ts","level","msg",...fields}.
void write(level lv, std::string_view msg, std::initializer_list<field> fields = {});
void set_min_level(level lv);

inline void info(std::string_view m, std::initializer_list<field> f = {}) {
  write(level::info, m, f);
}
inline void warn(std::string_view m, std::initializer_list<field> f = {}) {
  write(level::warn, m, f);
}
inline void error(std::string_view m, std::initializer_list<field> f = {}) {
  write(level::error, m, f);
}
inline void debug(std::string_view m, std::initializer_list<field> f = {}) {
  write(level::debug, m, f);
}

}  // namespace followup::log
