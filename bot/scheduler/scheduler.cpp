#include "bot/scheduler/scheduler.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/log.hpp"
#include "handlers/registry.hpp"

namespace followup {

std::vector<outbox_row> claim_due(store& s, const rules& r, sys_time now,
                                  std::size_t users_per_batch) {
  std::vector<outbox_row> all;
  nudge_composer compose = [&r](const user_state& u, const std::vector<nudge_record>& due,
                                sys_time at) { return compose_nudges(r, u, due, at); };
  while (true) {
    auto next = s.next_nudge_due();
    if (!next || *next > now) break;
    auto rows = s.claim_due_nudges(now, users_per_batch, compose);
    all.insert(all.end(), std::make_move_iterator(rows.begin()),
               std::make_move_iterator(rows.end()));
  }
  return all;
}

scheduler::scheduler(net::io_context& ioc, store_worker& store, const knowledge_ref& brain,
                     const clock& clk, queued_fn queued)
    : strand_(net::make_strand(ioc)),
      timer_(strand_),
      store_(store),
      brain_(brain),
      clock_(clk),
      queued_(std::move(queued)) {}

void scheduler::start() {
  net::co_spawn(strand_, run(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("scheduler stopped", {{"error", ex.what()}});
    }
  });
}

void scheduler::notify() {
  net::post(strand_, [this] { timer_.cancel(); });
}

void scheduler::stop() {
  net::post(strand_, [this] {
    stopping_ = true;
    timer_.cancel();
  });
}

net::awaitable<void> scheduler::run() {
  constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
  auto retry = std::chrono::milliseconds(0);
  while (!stopping_) {
    std::optional<sys_time> next;
    bool failed = false;
    try {
      auto brain = brain_.get();
      auto now = clock_.now();
      auto claim = [brain, now](store& s) { return claim_due(s, brain->rules_data, now); };
      auto rows = co_await store_.run(std::move(claim));
      if (!rows.empty()) {
        log::info("reminders queued", {{"count", static_cast<long long>(rows.size())}});
        queued_(std::move(rows));
      }
      auto find_next = [](store& s) { return s.next_nudge_due(); };
      next = co_await store_.run(std::move(find_next));
    } catch (const std::exception& e) {
      // The store is in trouble (disk full, I/O error): try again later rather than spin.
      log::error("claiming reminders failed", {{"error", e.what()}});
      failed = true;
    }
    if (stopping_) break;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(max_sleep);
    // After a failure, again soon (1 s, doubling up to the usual bound): due reminders should
    // not wait for max_sleep once the disk has room again.
    retry = failed ? std::clamp(retry * 2, std::chrono::milliseconds(1000), wait)
                   : std::chrono::milliseconds(0);
    if (failed) wait = retry;
    if (next) {
      auto until = *next - clock_.now();
      if (until < wait) wait = std::max(until, std::chrono::milliseconds(0));
    }
    timer_.expires_after(wait);
    co_await timer_.async_wait(use_tuple);
  }
}

}  // namespace followup
