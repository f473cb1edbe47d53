#include "bot/platforms/web/session.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/log.hpp"

namespace followup::web {
namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
}

session::session(ws_connection& ws, std::string user_id, session_limits limits)
    : ws_(ws),
      executor_(ws.executor()),
      user_id_(std::move(user_id)),
      limits_(limits),
      wake_(executor_),
      writer_done_(executor_),
      watchdog_(executor_),
      room_(executor_) {}

void session::push(std::string frame, written_fn done, std::int64_t receipt) {
  net::post(executor_, [self = shared_from_this(),
                        p = pending{std::move(frame), std::move(done), receipt}]() mutable {
    self->enqueue(std::move(p));
  });
}

net::awaitable<void> session::room() {
  const auto deadline = std::chrono::steady_clock::now() + limits_.write_timeout;
  while (!closing_ && !finished_ && queue_.size() * 2 >= limits_.max_queued_frames &&
         std::chrono::steady_clock::now() < deadline) {
    room_.expires_after(std::chrono::milliseconds(2));
    co_await room_.async_wait(use_tuple);
  }
}

void session::acknowledged(std::int64_t receipt) {
  auto it = awaiting_.find(receipt);
  if (it == awaiting_.end()) return;  // late, or a receipt for another tab's copy
  auto done = std::move(it->second.done);
  it->second.deadline->cancel();
  awaiting_.erase(it);
  if (done) done(true);
}

void session::await_receipt(std::int64_t receipt, written_fn done) {
  if (auto old = awaiting_.find(receipt); old != awaiting_.end()) {
    // The same message again (cannot normally happen): the newer copy decides.
    auto older = std::move(old->second.done);
    old->second.deadline->cancel();
    awaiting_.erase(old);
    if (older) older(false);
  }
  auto deadline = std::make_shared<net::steady_timer>(executor_, limits_.receipt_timeout);
  deadline->async_wait([self = shared_from_this(), receipt](boost::system::error_code ec) {
    if (ec || self->finished_) return;
    auto it = self->awaiting_.find(receipt);
    if (it == self->awaiting_.end()) return;
    auto done = std::move(it->second.done);
    self->awaiting_.erase(it);
    if (done) done(false);
    self->drop("no receipt from the page");
  });
  awaiting_.emplace(receipt, awaiting{std::move(done), std::move(deadline)});
}

void session::enqueue(pending p) {
  if (closing_ || finished_) {
    if (p.done) p.done(false);
    return;
  }
  if (queue_.size() >= limits_.max_queued_frames ||
      queued_bytes_ + p.frame.size() > limits_.max_queued_bytes) {
    if (p.done) p.done(false);
    drop("the page is not reading");
    return;
  }
  queued_bytes_ += p.frame.size();
  queue_.push_back(std::move(p));
  wake_.cancel();
}

void session::drop(const char* why) {
  if (closing_ || finished_) return;
  log::warn("web chat: dropping the connection",
            {{"user", log::handle(user_id_)}, {"reason", why}});
  closing_ = true;
  wake_.cancel();
  ws_.abort();  // the reader ends, then run() fails what is still queued
}

void session::arm_watchdog(std::uint64_t seq) {
  watchdog_.expires_after(limits_.write_timeout);
  watchdog_.async_wait([self = shared_from_this(), seq](boost::system::error_code ec) {
    if (ec || self->finished_ || !self->writing_ || self->write_seq_ != seq) return;
    self->drop("a write timed out");
  });
}

net::awaitable<void> session::write_loop() {
  while (!closing_) {
    if (queue_.empty()) {
      wake_.expires_at(net::steady_timer::time_point::max());
      co_await wake_.async_wait(use_tuple);
      continue;
    }
    auto item = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= item.frame.size();
    writing_ = true;
    arm_watchdog(++write_seq_);
    auto write = ws_.write(std::move(item.frame));
    auto ec = co_await std::move(write);
    writing_ = false;
    watchdog_.cancel();
    if (ec) {
      if (item.done) item.done(false);
      drop("a write failed");
    } else if (item.receipt > 0) {
      await_receipt(item.receipt, std::move(item.done));
    } else if (item.done) {
      item.done(true);
    }
  }
}

bool session::may_send(std::chrono::steady_clock::time_point now) {
  auto burst = static_cast<double>(limits_.message_burst);
  if (send_tokens_ < 0) {
    send_tokens_ = burst;
  } else if (limits_.message_interval.count() > 0) {
    std::chrono::duration<double> since = now - tokens_at_;
    std::chrono::duration<double> interval = limits_.message_interval;
    send_tokens_ = std::min(burst, send_tokens_ + since / interval);
  }
  tokens_at_ = now;
  if (send_tokens_ < 1) return false;
  send_tokens_ -= 1;
  return true;
}

net::awaitable<void> session::run(message_fn on_message) {
  auto self = shared_from_this();
  writer_running_ = true;
  net::co_spawn(executor_, write_loop(), [self](std::exception_ptr e) {
    self->writer_running_ = false;
    self->writer_done_.cancel();
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("web chat writer failed",
                 {{"user", log::handle(self->user_id_)}, {"error", ex.what()}});
    }
  });

  try {
    for (;;) {
      auto m = co_await ws_.read();
      if (m.status != ws_read_status::message) {
        if (m.status == ws_read_status::too_big || m.status == ws_read_status::timeout) {
          log::info("web chat: connection closed",
                    {{"user", log::handle(user_id_)},
                     {"reason", m.status == ws_read_status::too_big ? "message too big" : "idle"}});
        }
        break;
      }
      if (m.binary) {
        co_await ws_.close(ws_close_code::unknown_data, "text frames only");
        break;
      }
      auto handled = on_message(*this, std::move(m.text));
      co_await std::move(handled);
    }
  } catch (const std::exception& e) {
    // A bug in the chat, not the peer's doing: this socket ends, the server goes on.
    log::error("web chat session failed", {{"user", log::handle(user_id_)}, {"error", e.what()}});
  }

  closing_ = true;
  wake_.cancel();
  // A write stuck on a peer that is gone would hold us here until the watchdog.
  if (writing_) ws_.abort();
  while (writer_running_) {
    writer_done_.expires_after(std::chrono::seconds(1));
    co_await writer_done_.async_wait(use_tuple);
  }
  finished_ = true;
  watchdog_.cancel();
  for (auto& p : queue_) {
    if (p.done) p.done(false);
  }
  queue_.clear();
  queued_bytes_ = 0;
  auto unacknowledged = std::move(awaiting_);
  awaiting_.clear();
  for (auto& [receipt, a] : unacknowledged) {
    a.deadline->cancel();
    if (a.done) a.done(false);
  }
}

}  // namespace followup::web
