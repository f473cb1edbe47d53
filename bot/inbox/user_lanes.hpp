#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace followup {
namespace net = boost::asio;

// One asynchronous lock per user: a user's messages are handled one at a time, in the order
// they arrived, while different users proceed in parallel. Lanes exist only while in use.
class user_lanes {
 public:
  class ticket {
   public:
    ticket(user_lanes* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    ticket(ticket&& o) noexcept : owner_(o.owner_), key_(std::move(o.key_)) { o.owner_ = nullptr; }
    ticket(const ticket&) = delete;
    ~ticket() {
      if (owner_) owner_->release(key_);
    }

   private:
    user_lanes* owner_;
    std::string key_;
  };

  net::awaitable<ticket> enter(std::string key) {
    {
      // The common case, a user with nothing in progress, takes the lane without suspending.
      std::lock_guard lock(mutex_);
      auto [it, inserted] = lanes_.try_emplace(key);
      if (!it->second.busy) {
        it->second.busy = true;
        co_return ticket(this, std::move(key));
      }
    }
    co_await net::async_initiate<const net::use_awaitable_t<>&, void()>(
        [this, &key](auto handler) {
          std::unique_lock lock(mutex_);
          auto& lane = lanes_[key];
          if (!lane.busy) {
            lane.busy = true;
            lock.unlock();
            auto ex = net::get_associated_executor(handler);
            net::post(ex, std::move(handler));
            return;
          }
          auto work = net::make_work_guard(net::get_associated_executor(handler));
          auto h = std::make_shared<decltype(handler)>(std::move(handler));
          lane.waiters.push_back([h, work = std::move(work)]() mutable {
            net::post(work.get_executor(), [h] { std::move (*h)(); });
          });
        },
        net::use_awaitable);
    co_return ticket(this, std::move(key));
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return lanes_.size();
  }

 private:
  struct lane {
    bool busy = false;
    std::deque<std::function<void()>> waiters;
  };

  void release(const std::string& key) {
    std::function<void()> next;
    {
      std::lock_guard lock(mutex_);
      auto it = lanes_.find(key);
      if (it == lanes_.end()) return;
      if (it->second.waiters.empty()) {
        lanes_.erase(it);
        return;
      }
      next = std::move(it->second.waiters.front());
      it->second.waiters.pop_front();  // the lane stays busy: ownership passes to `next`
    }
    next();
  }

  mutable std::mutex mutex_;
  std::unordered_map<std::string, lane> lanes_;
};

}  // namespace followup
