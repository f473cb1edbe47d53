#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace followup::testing {

struct api_call {
  std::string method;  // e.g. "sendMessage"
  std::string target;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::chrono::steady_clock::time_point at;                  // when the request arrived
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
};

struct api_reply {
  unsigned status = 200;
  std::string body = R"({"ok":true,"result":{}})";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  // Misbehaving: `cut` sends the head and half the body, then closes; `reset` does the same and
  // resets the connection (RST) instead of closing it.
  enum class ending { whole, cut, reset };
  ending end = ending::whole;
};

// A platform API on loopback (real HTTP server, own thread) that records every call and
// answers from a script: queued replies first, then the default.
class fake_api {
 public:
  explicit fake_api(bool record = true);
  ~fake_api();

  // Listens on 127.0.0.1:port (0 = any free port); returns the port.
  std::uint16_t start(std::uint16_t port = 0);
  void stop();
  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void push_reply(api_reply r);
  void set_default(api_reply r);

  std::vector<api_call> calls() const;
  std::vector<api_call> calls_to(const std::string& method) const;
  std::uint64_t count() const { return count_.load(); }
  // Waits until at least `n` calls to `method` arrived (recorded before they are answered, so
  // what the bot does with the answer is still to come); false on timeout.
  bool wait_for(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::uint16_t port_ = 0;
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace followup::testing
