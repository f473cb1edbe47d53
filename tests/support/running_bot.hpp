#pragma once
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bot/app.hpp"
#include "bot/config.hpp"

namespace followup::testing {

// The real server (app) in this process on 127.0.0.1:<free port>, run on its own threads.
class running_bot {
 public:
  explicit running_bot(config cfg, store_wrapper wrap = {})
      : app_(std::make_unique<app>(std::move(cfg), std::make_shared<system_clock>(),
                                   std::move(wrap))) {
    port_ = app_->start().port();
    thread_ = std::thread([this] { app_->run(false); });
  }
  ~running_bot() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    app_->stop();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  metrics& stats() { return app_->stats(); }

 private:
  std::unique_ptr<app> app_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

inline config test_config(const std::string& db, const std::string& api_url) {
  config c;
  c.listen_host = "127.0.0.1";
  c.listen_port = 0;
  c.db = db;
  c.rules_dir = FOLLOWUP_SOURCE_DIR "/rules";
  c.telegram_token = "123:TEST";
  c.telegram_secret = "s3cret-token";
  c.telegram_api = api_url;
  c.rate = send_rate{0, 0};
  // Tests post many messages as one user; the flood limit has tests of its own.
  c.flood = user_rate{0, std::chrono::seconds(60)};
  return c;
}

// test_config's settings as the environment of a child `followup-bot serve` on `port`.
inline std::vector<std::string> serve_env(std::uint16_t port, const std::string& db,
                                          std::uint16_t api_port) {
  return {"FOLLOWUP_LISTEN=127.0.0.1:" + std::to_string(port),
          "FOLLOWUP_DB=" + db,
          "FOLLOWUP_RULES=" FOLLOWUP_SOURCE_DIR "/rules",
          "FOLLOWUP_TELEGRAM_TOKEN=123:TEST",
          "FOLLOWUP_TELEGRAM_SECRET=s3cret-token",
          "FOLLOWUP_TELEGRAM_API=http://127.0.0.1:" + std::to_string(api_port),
          "FOLLOWUP_SEND_RATE=0",
          "FOLLOWUP_USER_RATE=0"};
}

}  // namespace followup::testing
