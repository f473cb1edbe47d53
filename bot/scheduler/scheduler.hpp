#pragma once
#include <chrono>
#include <functional>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/clock.hpp"
#include "bot/conversation/knowledge.hpp"
#include "bot/metrics.hpp"
#include "bot/store/store_worker.hpp"

namespace followup {
namespace net = boost::asio;

// Claims every reminder due at `now` (in batches, so a large backlog never sits in memory at
// once) and returns the outbox rows queued for them. Runs on the store's thread.
std::vector<outbox_row> claim_due(store& s, const rules& r, sys_time now,
                                  std::size_t users_per_batch = 256);

// Wakes when the next reminder is due (never polling faster than that), claims what is due and
// hands the queued rows to the outbox. One actor on one strand. The reminders themselves live
// in the store, so a restart loses none and catches up on what came due while it was down.
class scheduler {
 public:
  using queued_fn = std::function<void(std::vector<outbox_row>)>;
  scheduler(net::io_context& ioc, store_worker& store, const knowledge_ref& brain, const clock& clk,
            queued_fn queued);

  void start();
  // New reminders were stored, or the clock moved: look again. Thread-safe.
  void notify();
  void stop();

  // Without a notify, the scheduler still looks this often: the wall clock can jump (NTP,
  // suspend) while the steady timer sleeps.
  static constexpr std::chrono::minutes max_sleep{5};

 private:
  net::awaitable<void> run();

  net::strand<net::io_context::executor_type> strand_;
  net::steady_timer timer_;
  store_worker& store_;
  const knowledge_ref& brain_;
  const clock& clock_;
  queued_fn queued_;
  bool stopping_ = false;
};

}  // namespace followup
