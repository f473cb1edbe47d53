#include "bot/store/store_worker.hpp"

#include <vector>

#include "bot/log.hpp"

namespace followup {

store_worker::store_worker(std::unique_ptr<store> s, const clock& clk, std::size_t max_batch)
    : store_(std::move(s)), clock_(clk), max_batch_(max_batch), thread_([this] { loop(); }) {}

store_worker::~store_worker() {
  stop();
}

void store_worker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void store_worker::push_task(std::function<void(store&)> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void store_worker::record(std::vector<delivery> deliveries, std::function<void(bool)> written) {
  if (deliveries.empty()) {
    if (written) written(true);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (written) recorded_.push_back(std::move(written));
    if (deliveries_.empty()) {
      deliveries_ = std::move(deliveries);
    } else {
      deliveries_.insert(deliveries_.end(), std::make_move_iterator(deliveries.begin()),
                         std::make_move_iterator(deliveries.end()));
    }
  }
  wake_.notify_one();
}

void store_worker::push_inbound(pending_inbound p) {
  {
    std::lock_guard lock(mutex_);
    inbound_.push_back(std::move(p));
  }
  wake_.notify_one();
}

net::awaitable<inbound_outcome> store_worker::apply(inbound_job job) {
  return net::async_initiate<const net::use_awaitable_t<>&,
                             void(std::exception_ptr, inbound_outcome)>(
      [this, job = std::move(job)](auto handler) mutable {
        auto work = net::make_work_guard(net::get_associated_executor(handler));
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        push_inbound(pending_inbound{
            std::move(job),
            [h, work = std::move(work)](std::exception_ptr ep, inbound_outcome out) mutable {
              net::post(work.get_executor(), [h, ep, out = std::move(out)]() mutable {
                std::move (*h)(ep, std::move(out));
              });
            }});
      },
      net::use_awaitable);
}

void store_worker::failed(const char* what, const std::exception& e) {
  log::error(what, {{"error", e.what()}});
  if (stats_) stats_->store_failures.fetch_add(1, std::memory_order_relaxed);
  // Back off while it lasts (a full disk is not fixed in a millisecond), but keep trying: the
  // held delivery marks, or a probe, find out when writes work again.
  backoff_ = std::min(std::max(backoff_ * 2, std::chrono::milliseconds(100)),
                      std::chrono::milliseconds(5000));
  retry_at_ = std::chrono::steady_clock::now() + backoff_;
  if (healthy_.exchange(false)) log::error("store writes failing: replies held until they work");
  if (stats_) stats_->store_healthy.store(0, std::memory_order_relaxed);
}

void store_worker::succeeded() {
  if (healthy_.load()) return;
  healthy_ = true;
  backoff_ = std::chrono::milliseconds(0);
  if (stats_) stats_->store_healthy.store(1, std::memory_order_relaxed);
  log::info("store writes work again");
  // Give back the space the write-ahead log grew into while commits were failing.
  try {
    store_->checkpoint();
  } catch (const std::exception& e) {
    log::warn("store checkpoint after recovery failed", {{"error", e.what()}});
  }
}

void store_worker::loop() {
  std::vector<pending_inbound> batch;
  std::vector<inbound_job> jobs;
  std::deque<std::function<void(store&)>> tasks;
  std::vector<delivery> deliveries;
  std::vector<std::function<void(bool)>> recorded;
  // Whether writing may be tried now: always while healthy, else once the backoff has passed.
  auto writes_due = [this] { return healthy_ || std::chrono::steady_clock::now() >= retry_at_; };
  for (;;) {
    bool probe = false;
    bool last_try = false;
    {
      std::unique_lock lock(mutex_);
      auto work = [&] { return stopping_ || !inbound_.empty() || !tasks_.empty(); };
      if (healthy_) {
        wake_.wait(lock, [&] { return work() || !deliveries_.empty(); });
      } else {
        // Failing: held marks are retried, or a probe made, once the backoff has passed.
        wake_.wait_until(lock, retry_at_, work);
      }
      if (stopping_ && inbound_.empty() && tasks_.empty() && (deliveries_.empty() || gave_up_)) {
        break;  // all done (or the marks could not be written: those rows repeat, bounded)
      }
      while (!inbound_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(inbound_.front()));
        inbound_.pop_front();
      }
      tasks.swap(tasks_);
      const bool due = writes_due();
      if (due || stopping_ || !batch.empty()) {
        deliveries.swap(deliveries_);
        recorded.swap(recorded_);
      }
      probe = !healthy_ && due && batch.empty() && deliveries.empty();
      last_try = stopping_;
    }
    auto tell = [&recorded](bool ok) {
      for (auto& f : recorded) f(ok);
      recorded.clear();
    };
    if (!batch.empty()) {
      jobs.clear();
      for (auto& p : batch) jobs.push_back(std::move(p.job));
      std::vector<inbound_outcome> outcomes;
      std::exception_ptr ep;
      try {
        outcomes = store_->apply_inbound(jobs, deliveries, clock_.now());
        deliveries.clear();
        tell(true);
        succeeded();
        if (stats_) {
          stats_->store_commits.fetch_add(1, std::memory_order_relaxed);
          stats_->store_committed.fetch_add(jobs.size(), std::memory_order_relaxed);
        }
      } catch (const std::exception& e) {
        failed("store commit failed", e);
        ep = std::current_exception();
      }
      std::vector<outbox_row> rows;
      bool nudges_added = false;
      if (!ep) {
        for (const auto& o : outcomes) {
          rows.insert(rows.end(), o.queued.begin(), o.queued.end());
          nudges_added |= o.nudges_added;
        }
      }
      // Senders hear "stored" before the dispatcher hears of the replies, so that a page's
      // receipt for its message usually precedes the answer (pages accept either order).
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].done(ep, ep ? inbound_outcome{} : std::move(outcomes[i]));
      }
      batch.clear();
      if (on_commit_ && !rows.empty()) on_commit_(std::move(rows));
      if (on_nudges_added_ && nudges_added) on_nudges_added_();
    }
    // Asked again: a batch commit that just failed has pushed the retry back.
    if (!deliveries.empty() && (writes_due() || last_try)) {
      try {
        store_->record_deliveries(deliveries, clock_.now());
        deliveries.clear();
        tell(true);
        succeeded();
      } catch (const std::exception& e) {
        failed("recording deliveries failed", e);
        if (last_try) {
          // Shutting down with the store still failing: these rows stay pending and go out
          // again after a restart; the dispatcher sent nothing new once the failure showed,
          // so that is at most the sends that were in flight.
          gave_up_ = true;
          deliveries.clear();
          tell(false);
        }
      }
    }
    if (!deliveries.empty()) {
      // Not written: held (the dispatcher keeps counting them as unrecorded) and retried.
      std::lock_guard lock(mutex_);
      deliveries_.insert(deliveries_.begin(), std::make_move_iterator(deliveries.begin()),
                         std::make_move_iterator(deliveries.end()));
      recorded_.insert(recorded_.begin(), std::make_move_iterator(recorded.begin()),
                       std::make_move_iterator(recorded.end()));
      deliveries.clear();
      recorded.clear();
    }
    if (probe) {
      try {
        store_->probe_write();
        succeeded();
      } catch (const std::exception& e) {
        failed("store write probe failed", e);
      }
    }
    tell(true);  // none were waiting
    for (auto& t : tasks) t(*store_);
    tasks.clear();
  }
  try {
    store_->checkpoint();
  } catch (const std::exception& e) {
    log::warn("store checkpoint at shutdown failed", {{"error", e.what()}});
  }
}

}  // namespace followup
