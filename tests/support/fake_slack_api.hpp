#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/fake_api.hpp"

namespace followup::testing {

struct slack_call {
  std::string method;  // "chat.postMessage"
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::chrono::steady_clock::time_point at;  // when the request arrived
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
};

// Like fake_api (a real HTTP server on loopback, scripted replies: queued ones first, then the
// default), but it also records each request's headers and arrival time, which the Slack tests
// need (the bearer token, the pacing, Retry-After). The default reply is chat.postMessage's.
class fake_slack_api {
 public:
  fake_slack_api();
  ~fake_slack_api();

  std::uint16_t start(std::uint16_t port = 0);
  void stop();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api"; }

  void push_reply(api_reply r);
  void set_default(api_reply r);

  std::vector<slack_call> calls() const;
  // Waits until at least `n` calls to `method` were answered; false on timeout.
  bool wait_for(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace followup::testing
