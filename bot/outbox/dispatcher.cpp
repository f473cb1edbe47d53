#include "bot/outbox/dispatcher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/log.hpp"

namespace followup {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

dispatcher::dispatcher(net::io_context& ioc, store_worker& store, const clock& clk, metrics& stats,
                       dispatcher_options options)
    : strand_(net::make_strand(ioc)),
      timer_(strand_),
      store_(store),
      clock_(clk),
      stats_(stats),
      options_(options),
      queue_(options.rate, options.retry, options.max_in_flight) {}

dispatcher::~dispatcher() = default;

void dispatcher::add_client(std::string platform, std::shared_ptr<platform_client> client) {
  if (!client->paced()) queue_.exempt_from_pacing(platform);
  clients_[std::move(platform)] = std::move(client);
}

void dispatcher::start() {
  running_ = true;
  net::co_spawn(strand_, run(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("dispatcher stopped by an error", {{"error", ex.what()}});
    }
  });
}

void dispatcher::notify() {
  net::post(strand_, [this] {
    look_in_store_ = true;
    timer_.cancel();
  });
}

void dispatcher::committed(std::vector<outbox_row> rows) {
  net::post(strand_, [this, rows = std::move(rows)]() mutable {
    auto now = clock_.now();
    for (auto& r : rows) {
      auto p = static_cast<int>(r.priority);
      if (r.id <= cursor_[p]) continue;  // a load already brought it
      // Only contiguous with what was loaded (no load under way, nothing left in the store):
      // otherwise the cursor would jump over stored rows. The next load brings them instead.
      if (loading_ || look_in_store_ || queue_.active_size() >= options_.max_in_memory) {
        look_in_store_ = true;
        continue;
      }
      cursor_[p] = r.id;
      if (evicted(r)) continue;
      queue_.add(std::move(r), now);
    }
    timer_.cancel();
  });
}

void dispatcher::chat_online(std::string platform, std::string chat_id) {
  net::post(strand_, [this, key = outbox_queue::chat_key(platform, chat_id)] {
    if (evicted_.count(key)) {
      reload_.insert(key);
    } else {
      queue_.unpark(key, clock_.now());
    }
    // Rows may also have been written to the store behind our back (another process, a tool),
    // for a chat parked here or unknown: one indexed query per page visit finds out.
    look_in_store_ = true;
    timer_.cancel();
  });
}

net::awaitable<void> dispatcher::refill() {
  if (!look_in_store_) co_return;
  look_in_store_ = false;
  loading_ = true;
  co_await load_pending();
  // Not a scope guard: a frame destroyed unresumed at shutdown must not write to this object,
  // which may be gone by then.
  loading_ = false;
}

// Pending rows of one priority after `after`, one batch; nothing (logged) if the store failed.
net::awaitable<std::optional<std::vector<outbox_row>>> dispatcher::load_batch(
    outbox_priority priority, std::int64_t after) {
  auto limit = options_.load_batch;
  auto load = [priority, after, limit](store& s) { return s.load_outbox(priority, after, limit); };
  try {
    auto rows = co_await store_.run(std::move(load));
    co_return rows;
  } catch (const std::exception& e) {
    log::error("outbox load failed", {{"error", e.what()}});
  }
  co_return std::nullopt;
}

net::awaitable<void> dispatcher::load_pending() {
  for (int p = 0; p < outbox_priority_count; ++p) {
    while (room_to_load()) {
      auto batch = co_await load_batch(static_cast<outbox_priority>(p), cursor_[p]);
      if (!batch) {
        look_in_store_ = true;
        co_return;
      }
      auto& rows = *batch;
      auto now = clock_.now();
      for (auto& r : rows) {
        cursor_[p] = std::max(cursor_[p], r.id);
        if (evicted(r)) continue;
        queue_.add(std::move(r), now);
      }
      if (rows.size() < options_.load_batch) break;
    }
    // Memory is full: come back for the rest once some of it has gone out.
    if (!room_to_load()) look_in_store_ = true;
  }
}

// Brings evicted chats that came online back from the store. Only rows up to the cursors: those
// past them are refill()'s, which takes them once the chat is no longer evicted. Both run in
// run()'s loop, one after the other, so the cursors move only through committed() meanwhile,
// and a row it skips for an evicted chat is at or below the cursor a later batch here reads.
net::awaitable<void> dispatcher::reload_evicted() {
  if (reload_.empty()) co_return;
  auto chats = std::move(reload_);
  reload_.clear();
  // Rows below the cursors may have been sent with the outcome not yet written: the store
  // worker records deliveries before it runs the tasks queued after them, so the loads below
  // cannot see such a row as pending.
  flush();
  for (int p = 0; p < outbox_priority_count; ++p) {
    auto priority = static_cast<outbox_priority>(p);
    std::int64_t after = 0;
    while (after < cursor_[p]) {
      auto batch = co_await load_batch(priority, after);
      if (!batch) {
        reload_.merge(chats);  // try again on the next round
        co_return;
      }
      auto& rows = *batch;
      auto now = clock_.now();
      for (auto& r : rows) {
        after = r.id;
        if (r.id > cursor_[p]) break;
        if (chats.count(outbox_queue::chat_key(r.platform, r.chat_id))) {
          queue_.add(std::move(r), now);
        }
      }
      if (rows.size() < options_.load_batch) break;
    }
  }
  for (const auto& key : chats) evicted_.erase(key);
}

void dispatcher::flush() {
  if (finished_.empty()) return;
  const auto n = finished_.size();
  recording_->fetch_add(n);
  store_.record(std::move(finished_), [counter = recording_, n](bool) { counter->fetch_sub(n); });
  finished_.clear();
}

net::awaitable<void> dispatcher::run() {
  while (!stopping_) {
    co_await refill();
    co_await reload_evicted();
    if (!finished_.empty() && (finished_.size() >= options_.record_batch ||
                               std::chrono::steady_clock::now() >= record_due_)) {
      flush();
    }
    if (stopping_) break;
    // While the store cannot write, nothing new goes out: a reply whose "delivered" mark could
    // not be written would be sent again after a restart. The rows wait, durable, in the outbox.
    const bool can_send = store_.healthy();
    for (auto& row :
         can_send ? queue_.take_ready(clock_.now(), unrecorded()) : std::vector<outbox_row>{}) {
      net::co_spawn(strand_, deliver(std::move(row)), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::error("delivery failed unexpectedly", {{"error", ex.what()}});
        }
      });
    }
    // More in the store and room to hold it: load now. With memory full, wait for sends to
    // finish (each completion wakes this loop) rather than spin.
    bool room = room_to_load();
    if ((look_in_store_ && room) || !reload_.empty()) continue;
    std::chrono::milliseconds delay = std::chrono::hours(24);
    if (auto wake = queue_.next_wake())
      delay = std::max(*wake - clock_.now(), std::chrono::milliseconds(0));
    if (!finished_.empty()) {
      auto until_record = std::chrono::ceil<std::chrono::milliseconds>(
          record_due_ - std::chrono::steady_clock::now());
      delay = std::min(delay, std::max(until_record, std::chrono::milliseconds(0)));
    }
    // Sends held back until their predecessors' outcomes are durable: look again shortly.
    if (!can_send) {
      delay = std::min(delay, std::chrono::milliseconds(200));
    } else if (recording_->load() > 0) {
      delay = std::min(delay, std::chrono::milliseconds(1));
    }
    timer_.expires_after(delay);
    co_await timer_.async_wait(use_tuple);
  }
  flush();
}

net::awaitable<void> dispatcher::mark_in_flight(std::int64_t id, bool in_flight) {
  try {
    auto mark = [id, in_flight](store& s) {
      s.set_in_flight(id, in_flight);
      return true;
    };
    co_await store_.run(std::move(mark));
  } catch (const std::exception& e) {
    log::warn(in_flight ? "could not mark a reminder in flight" : "could not unmark a reminder",
              {{"error", e.what()}});
  }
}

net::awaitable<void> dispatcher::deliver(outbox_row row) {
  send_outcome outcome;
  auto it = clients_.find(row.platform);
  if (it == clients_.end()) {
    outcome = {send_status::transient, {}, "no client configured for " + row.platform};
  } else {
    // A reminder is marked durably before the request leaves: after a crash mid-send it counts
    // as sent rather than going out twice (store::recover_in_flight).
    if (row.priority == outbox_priority::nudge) co_await mark_in_flight(row.id, true);
    try {
      outcome = co_await it->second->send(row);
    } catch (const std::exception& e) {
      outcome = {send_status::transient, {}, std::string("client error: ") + e.what()};
    }
  }
  auto d = queue_.complete(row.id, outcome, clock_.now());
  if (outcome.status == send_status::offline) {
    if (row.priority == outbox_priority::nudge) co_await mark_in_flight(row.id, false);
    // Parked, and nothing to record: the row stays pending in the store exactly as it was.
    if (queue_.parked_rows() > options_.max_parked_in_memory) {
      for (auto& key : queue_.evict_parked(options_.max_parked_in_memory / 2)) {
        evicted_.insert(std::move(key));
      }
    }
    timer_.cancel();
    co_return;
  }
  switch (d.result) {
    case delivery_result::sent:
      stats_.replies_sent.fetch_add(1, std::memory_order_relaxed);
      stats_.outbox_depth.fetch_sub(1);
      break;
    case delivery_result::retry:
      stats_.replies_retried.fetch_add(1, std::memory_order_relaxed);
      log::info("delivery will be retried", {{"outbox_id", static_cast<long long>(row.id)},
                                             {"platform", row.platform},
                                             {"attempts", d.attempts},
                                             {"error", d.error}});
      break;
    case delivery_result::dead:
      stats_.replies_failed.fetch_add(1, std::memory_order_relaxed);
      stats_.outbox_depth.fetch_sub(1);
      log::warn("delivery given up", {{"outbox_id", static_cast<long long>(row.id)},
                                      {"platform", row.platform},
                                      {"attempts", d.attempts},
                                      {"error", d.error}});
      break;
  }
  if (finished_.empty()) record_due_ = std::chrono::steady_clock::now() + options_.record_delay;
  finished_.push_back(std::move(d));
  timer_.cancel();
}

net::awaitable<void> dispatcher::stop(std::chrono::milliseconds grace) {
  if (!running_) co_return;
  // The queue belongs to the strand: do the stopping there.
  co_await net::co_spawn(
      strand_,
      [this, grace]() -> net::awaitable<void> {
        stopping_ = true;
        timer_.cancel();
        auto deadline = std::chrono::steady_clock::now() + grace;
        net::steady_timer wait(strand_);
        while (queue_.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
          wait.expires_after(std::chrono::milliseconds(10));
          co_await wait.async_wait(use_tuple);
        }
        flush();
      },
      net::use_awaitable);
  running_ = false;
}

}  // namespace followup
