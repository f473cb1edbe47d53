#pragma once
#include <atomic>
#include <chrono>
#include <optional>

namespace followup {

using sys_time = std::chrono::sys_time<std::chrono::milliseconds>;

// Injected time source: the server reads the system clock, tests and stories a virtual one.
class clock {
 public:
  virtual ~clock() = default;
  virtual sys_time now() const = 0;
};

class system_clock final : public clock {
 public:
  sys_time now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to; safe to read from any thread.
class manual_clock final : public clock {
 public:
  explicit manual_clock(sys_time start) : now_(start.time_since_epoch().count()) {}
  sys_time now() const override { return sys_time{std::chrono::milliseconds{now_.load()}}; }
  void set(sys_time t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::milliseconds d) { now_ += d.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

inline std::int64_t to_millis(sys_time t) {
  return t.time_since_epoch().count();
}
inline sys_time from_millis(std::int64_t ms) {
  return sys_time{std::chrono::milliseconds{ms}};
}

// A platform's Unix time in seconds (a message's date), when it is one: from 1970 to the end of
// the year 9999. Anything else is not a time, and converting it to milliseconds would overflow.
inline std::optional<sys_time> from_unix_seconds(std::int64_t seconds) {
  if (seconds < 0 || seconds > 253'402'300'799) return std::nullopt;
  return sys_time{std::chrono::seconds{seconds}};
}

}  // namespace followup
