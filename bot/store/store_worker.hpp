#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/clock.hpp"
#include "bot/metrics.hpp"
#include "bot/store/store.hpp"

namespace followup {
namespace net = boost::asio;

// Owns the store and the one thread that touches it, so SQLite never blocks an I/O thread.
// Inbound jobs that arrive while a transaction is running are committed together in the next
// one (group commit): one fsync acknowledges the whole group.
class store_worker {
 public:
  store_worker(std::unique_ptr<store> s, const clock& clk, std::size_t max_batch = 512);
  ~store_worker();
  store_worker(const store_worker&) = delete;
  store_worker& operator=(const store_worker&) = delete;

  // Applies one inbound message durably; resumes the caller on its own executor.
  net::awaitable<inbound_outcome> apply(inbound_job job);

  // Runs f(store&) on the store thread and returns its result (R must be default-constructible).
  template <class F, class R = std::invoke_result_t<F, store&>>
  net::awaitable<R> run(F f) {
    return net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr, R)>(
        [this, f = std::move(f)](auto handler) mutable {
          auto work = net::make_work_guard(net::get_associated_executor(handler));
          auto h = std::make_shared<decltype(handler)>(std::move(handler));
          push_task([f = std::move(f), h, work = std::move(work)](store& s) mutable {
            std::exception_ptr ep;
            R result{};
            try {
              result = f(s);
            } catch (...) {
              ep = std::current_exception();
            }
            net::post(work.get_executor(), [h, ep, result = std::move(result)]() mutable {
              std::move (*h)(ep, std::move(result));
            });
          });
        },
        net::use_awaitable);
  }

  // Records delivery outcomes without waiting: they join the next inbound commit, or get a
  // commit of their own when none is coming. `written`, if given, is called on the store thread
  // once they are durable (true) or could not be written (false).
  void record(std::vector<delivery> deliveries, std::function<void(bool)> written = {});

  // Called on the store thread after each inbound commit with the rows it queued, in commit
  // (and so id) order. Set before the first apply().
  void on_commit(std::function<void(std::vector<outbox_row>)> listener) {
    on_commit_ = std::move(listener);
  }

  // Called on the store thread after a commit that added reminders (the scheduler may need
  // to wake earlier). Set before the first apply().
  void on_nudges_added(std::function<void()> listener) { on_nudges_added_ = std::move(listener); }

  // Counts commits and the messages they carried there. Set before the first apply().
  void count_in(metrics& stats) { stats_ = &stats; }

  // Finishes queued work, checkpoints and joins the thread. Idempotent.
  void stop();

  // False from a failed write (commit, delivery marks, probe) until one succeeds again. While
  // false, delivery marks are held and retried with backoff, and an idle store is probed, so
  // health comes back by itself once the disk has room; any thread may ask.
  bool healthy() const { return healthy_.load(); }

 private:
  using completion = std::function<void(std::exception_ptr, inbound_outcome)>;
  struct pending_inbound {
    inbound_job job;
    completion done;
  };

  void push_task(std::function<void(store&)> task);
  void failed(const char* what, const std::exception& e);  // store thread
  void succeeded();                                        // store thread
  void push_inbound(pending_inbound p);
  void loop();

  std::unique_ptr<store> store_;
  const clock& clock_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pending_inbound> inbound_;
  std::deque<std::function<void(store&)>> tasks_;
  std::vector<delivery> deliveries_;
  std::vector<std::function<void(bool)>> recorded_;  // callbacks for deliveries_
  bool stopping_ = false;
  std::atomic<bool> healthy_{true};
  bool gave_up_ = false;                            // store thread
  std::chrono::milliseconds backoff_{0};            // store thread
  std::chrono::steady_clock::time_point retry_at_;  // under mutex_ or store thread
  std::function<void(std::vector<outbox_row>)> on_commit_;
  std::function<void()> on_nudges_added_;
  metrics* stats_ = nullptr;
  std::thread thread_;
};

}  // namespace followup
