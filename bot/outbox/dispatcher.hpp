#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/clock.hpp"
#include "bot/metrics.hpp"
#include "bot/outbox/outbox_queue.hpp"
#include "bot/platforms/platform_client.hpp"
#include "bot/store/store_worker.hpp"

namespace followup {
namespace net = boost::asio;

struct dispatcher_options {
  send_rate rate;
  retry_policy retry;
  std::size_t max_in_flight = 64;
  std::size_t load_batch = 512;
  std::size_t max_in_memory = 4096;  // rows held at once; the rest wait in the store
  // Outcomes are recorded in batches: at most this many, at most this late. A crash in between
  // means those messages go out again after restart (at least once, never lost); outcomes not
  // yet durable count against max_in_flight, so at most that many can repeat.
  std::size_t record_batch = 512;
  std::chrono::milliseconds record_delay{2};
  // Rows of parked chats (send_status::offline) kept in memory beyond max_in_memory. Past this,
  // the chats parked longest are forgotten and reloaded from the store when they come online.
  std::size_t max_parked_in_memory = 4096;
};

// The only sender: loads pending outbox rows from the store, delivers them through the
// platform clients, and records each outcome. One actor on one strand.
class dispatcher {
 public:
  dispatcher(net::io_context& ioc, store_worker& store, const clock& clk, metrics& stats,
             dispatcher_options options);
  ~dispatcher();

  // Before start(): the client for a platform name ("telegram", ...).
  void add_client(std::string platform, std::shared_ptr<platform_client> client);
  net::any_io_executor executor() const { return strand_; }
  void start();
  // New rows were committed: look in the store. Thread-safe.
  void notify();
  // Rows just committed, in id order (from store_worker::on_commit). Thread-safe. Saves a trip
  // to the store when everything older is already in memory; otherwise they are loaded later.
  void committed(std::vector<outbox_row> rows);
  // The platform's client can deliver to this chat again (a web page connected): the rows parked
  // for it go out now, in order, and the store is checked for rows nobody told us about.
  // Thread-safe.
  void chat_online(std::string platform, std::string chat_id);
  // Stops taking new rows, waits for sends in flight (at most `grace`), records their outcome.
  net::awaitable<void> stop(std::chrono::milliseconds grace);

 private:
  net::awaitable<void> run();
  net::awaitable<void> refill();
  net::awaitable<void> load_pending();
  net::awaitable<std::optional<std::vector<outbox_row>>> load_batch(outbox_priority priority,
                                                                    std::int64_t after);
  net::awaitable<void> reload_evicted();
  void flush();
  net::awaitable<void> deliver(outbox_row row);
  // Durably, for a reminder: a crash mid-send then counts it as sent (store::recover_in_flight).
  net::awaitable<void> mark_in_flight(std::int64_t id, bool in_flight);
  bool room_to_load() const {
    return queue_.active_size() + options_.load_batch <= options_.max_in_memory;
  }
  // A row of a chat forgotten to the store: it comes back with that chat's reload, in order.
  bool evicted(const outbox_row& r) const {
    return !evicted_.empty() && evicted_.count(outbox_queue::chat_key(r.platform, r.chat_id));
  }

  net::strand<net::io_context::executor_type> strand_;
  net::steady_timer timer_;
  store_worker& store_;
  const clock& clock_;
  metrics& stats_;
  dispatcher_options options_;
  outbox_queue queue_;
  std::map<std::string, std::shared_ptr<platform_client>> clients_;
  std::array<std::int64_t, outbox_priority_count> cursor_{};
  bool look_in_store_ = true;
  bool loading_ = false;
  bool stopping_ = false;
  bool running_ = false;
  std::vector<delivery> finished_;
  // Outcomes handed to the store and not yet durable (decremented on the store's thread).
  std::shared_ptr<std::atomic<std::size_t>> recording_ =
      std::make_shared<std::atomic<std::size_t>>(0);
  std::size_t unrecorded() const { return finished_.size() + recording_->load(); }
  // Parked chats forgotten to save memory: their rows are only in the store, and rows for them
  // met while loading are skipped until reload_evicted() brings the chat back.
  std::unordered_set<std::string> evicted_;
  std::unordered_set<std::string> reload_;  // evicted chats that came online
  std::chrono::steady_clock::time_point record_due_{};
};

}  // namespace followup
