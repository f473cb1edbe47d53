#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/engine/engine.hpp"
#include "bot/inbox/flood_gate.hpp"
#include "bot/inbox/user_lanes.hpp"
#include "bot/metrics.hpp"
#include "bot/store/store_worker.hpp"

namespace followup {

// `flooded`: acknowledged without being read (the user is far over FOLLOWUP_USER_RATE).
enum class inbox_status { accepted, duplicate, failed, flooded };

// Where every adapter hands its messages: per-user ordering, understanding, then one durable
// transaction (dedupe + state + queued replies). Returns only once that transaction is on disk.
class inbox {
 public:
  using split_fn = std::function<std::vector<std::string>(const std::string&)>;

  inbox(store_worker& store, const knowledge_ref& brain, const clock& clk, metrics& stats,
        std::string default_timezone, user_rate flood = user_rate{0, std::chrono::seconds(60)},
        std::string public_url = "http://127.0.0.1:8080");

  // `split` cuts a reply into the platform's message-size parts.
  net::awaitable<inbox_status> accept(inbound message, const split_fn& split);

 private:
  store_worker& store_;
  const knowledge_ref& brain_;
  const clock& clock_;
  metrics& stats_;
  std::string default_timezone_;
  std::string public_url_;  // the base of calendar links
  user_lanes lanes_;
  flood_gate flood_;
};

}  // namespace followup
