#pragma once
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "bot/clock.hpp"
#include "bot/config.hpp"
#include "bot/metrics.hpp"

namespace followup {

// A start-up problem a user can fix (bad rules, unusable port, missing certificate).
struct startup_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class store;

// Wraps the store the server opened (the fault-injecting decorator of the tests); none: as is.
using store_wrapper = std::function<std::unique_ptr<store>(std::unique_ptr<store>)>;

// The server process: store, rules, inbox, dispatcher, HTTP server, signals.
class app {
 public:
  explicit app(config cfg, std::shared_ptr<const clock> clk = std::make_shared<system_clock>(),
               store_wrapper wrap = {});
  ~app();

  // Loads rules, opens the store, binds the listener. Throws startup_error.
  boost::asio::ip::tcp::endpoint start();
  // Runs until stop() or SIGINT/SIGTERM, then shuts down gracefully. SIGHUP reloads rules.
  void run(bool handle_signals = true);
  // Thread-safe.
  void stop();
  metrics& stats();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace followup
