#include "bot/platforms/web/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/platforms/web/protocol.hpp"
#include "bot/platforms/web/session.hpp"

namespace followup::web {
namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Waits for every page's answer; the sessions call back on their own strands.
struct fanout {
  fanout(net::any_io_executor ex, std::size_t n) : timer(std::move(ex)), remaining(n) {}
  net::steady_timer timer;
  std::size_t remaining;
  bool seen = false;
};
}  // namespace

net::awaitable<send_outcome> client::send(const outbox_row& row) {
  auto open = pages_.find(row.chat_id);
  if (open.empty()) co_return send_outcome{send_status::offline, {}, "no page open"};

  auto ex = co_await net::this_coro::executor;
  auto state = std::make_shared<fanout>(ex, open.size());
  auto frame = bot_frame(row);
  for (auto& page : open) {
    auto answered = [state](bool seen) {
      net::post(state->timer.get_executor(), [state, seen] {
        state->seen = state->seen || seen;
        if (--state->remaining == 0) state->timer.cancel();
      });
    };
    page->push(frame, std::move(answered), row.id);
  }
  // Bounded: each page answers once it acknowledges, fails, or its receipt timeout passes.
  while (state->remaining > 0) {
    state->timer.expires_at(net::steady_timer::time_point::max());
    co_await state->timer.async_wait(use_tuple);
  }
  if (state->seen) co_return send_outcome{};
  co_return send_outcome{send_status::offline, {}, "no page acknowledged it"};
}

}  // namespace followup::web
