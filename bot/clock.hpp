#pragma once
#include <atomic>
#include <chrono>

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

}  // namespace followup
