#pragma once
#include <memory>
#include <string>
#include <thread>

#include "bot/app.hpp"
#include "bot/config.hpp"

namespace followup::testing {

// The real server (app) in this process on 127.0.0.1:<free port>, run on its own threads.
class running_bot {
 public:
  explicit running_bot(config cfg) : app_(std::make_unique<app>(std::move(cfg))) {
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
  return c;
}

}  // namespace followup::testing
