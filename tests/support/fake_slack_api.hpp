#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_api.hpp"

namespace followup::testing {

using slack_call = api_call;

// fake_api with Slack's URL shape (<url>/api/<method>) and chat.postMessage's reply as the
// default answer.
class fake_slack_api {
 public:
  fake_slack_api() {
    api_reply ok;
    ok.body = R"({"ok":true,"channel":"D024BE91L","ts":"1503435956.000247"})";
    ok.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    api_.set_default(std::move(ok));
  }

  std::uint16_t start(std::uint16_t port = 0) { return api_.start(port); }
  void stop() { api_.stop(); }
  std::string url() const { return api_.url() + "/api"; }

  void push_reply(api_reply r) { api_.push_reply(std::move(r)); }
  void set_default(api_reply r) { api_.set_default(std::move(r)); }

  std::vector<slack_call> calls() const { return api_.calls(); }
  std::vector<slack_call> calls_to(const std::string& method) const {
    return api_.calls_to(method);
  }
  // Waits until at least `n` calls to `method` arrived (recorded before they are answered, so
  // what the bot does with the answer is still to come); false on timeout.
  bool wait_for(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const {
    return api_.wait_for(method, n, timeout);
  }

 private:
  fake_api api_;
};

}  // namespace followup::testing
