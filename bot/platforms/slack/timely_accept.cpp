#include "bot/platforms/slack/timely_accept.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/log.hpp"

namespace followup::slack {
namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Shared by the waiting request and the background work; touched only on one strand.
struct waiter {
  explicit waiter(net::any_io_executor ex) : timer(ex) {}
  net::steady_timer timer;
  std::optional<inbox_status> result;
  bool answered = false;  // the request stopped waiting and was answered
};

net::awaitable<inbox_status> run_accept(inbox& in, inbound message, inbox::split_fn split) {
  // `split` lives in this frame for as long as the inbox may call it.
  auto status = co_await in.accept(std::move(message), split);
  co_return status;
}

net::awaitable<std::optional<inbox_status>> wait_on_strand(inbox& in, inbound message,
                                                           inbox::split_fn split,
                                                           std::chrono::milliseconds limit) {
  auto ex = co_await net::this_coro::executor;
  auto w = std::make_shared<waiter>(ex);
  w->timer.expires_after(limit);
  std::string update_id = message.update_id;
  auto work = run_accept(in, std::move(message), std::move(split));
  auto done = [w, update_id](std::exception_ptr e, inbox_status status) {
    if (e) status = inbox_status::failed;
    w->result = status;
    if (w->answered) {
      // Already acknowledged: Slack will not send it again, so a failure here must be loud.
      if (status == inbox_status::failed) {
        log::error("slack update acknowledged but not stored",
                   {{"update_id", update_id}, {"platform", "slack"}});
      } else {
        log::warn("slack update stored after its acknowledgement",
                  {{"update_id", update_id}, {"platform", "slack"}});
      }
    }
    w->timer.cancel();
  };
  net::co_spawn(ex, std::move(work), std::move(done));
  co_await w->timer.async_wait(use_tuple);
  w->answered = true;
  co_return w->result;
}
}  // namespace

net::awaitable<std::optional<inbox_status>> accept_within(inbox& in, inbound message,
                                                          inbox::split_fn split,
                                                          std::chrono::milliseconds limit) {
  // A parallel group would not do: it waits for the losing operation to finish, and a store
  // commit cannot be cancelled. Instead the work runs detached and the request waits on a
  // timer that the work cancels when it is done; both live on one strand, whatever executor
  // the transport runs handlers on.
  auto outer = co_await net::this_coro::executor;
  auto strand = net::make_strand(outer);
  auto waiting = wait_on_strand(in, std::move(message), std::move(split), limit);
  auto result = co_await net::co_spawn(strand, std::move(waiting), net::use_awaitable);
  co_return result;
}

}  // namespace followup::slack
