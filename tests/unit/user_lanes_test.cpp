#include <boost/test/unit_test.hpp>

#include <mutex>
#include <thread>

#include <boost/asio.hpp>

#include "bot/inbox/user_lanes.hpp"

using namespace followup;
using namespace std::chrono_literals;
namespace net = boost::asio;

BOOST_AUTO_TEST_SUITE(lanes)

BOOST_AUTO_TEST_CASE(one_user_at_a_time_in_arrival_order_others_in_parallel) {
  net::io_context ioc(2);
  user_lanes lanes;
  std::mutex m;
  std::vector<std::string> events;
  auto log = [&](std::string e) {
    std::lock_guard lock(m);
    events.push_back(std::move(e));
  };
  auto work = [&](std::string user, int n) -> net::awaitable<void> {
    auto ticket = co_await lanes.enter(user);
    log(user + std::to_string(n) + "+");
    net::steady_timer t(co_await net::this_coro::executor, 30ms);
    co_await t.async_wait(net::use_awaitable);
    log(user + std::to_string(n) + "-");
  };
  // Spawned in order on one strand so that arrival order is defined.
  auto strand = net::make_strand(ioc);
  for (int i = 0; i < 3; ++i) net::co_spawn(strand, work("a", i), net::detached);
  net::co_spawn(ioc, work("b", 0), net::detached);
  std::thread t([&] { ioc.run(); });
  ioc.run();
  t.join();

  std::vector<std::string> a;
  for (auto& e : events) {
    if (e[0] == 'a') a.push_back(e);
  }
  BOOST_TEST(a == (std::vector<std::string>{"a0+", "a0-", "a1+", "a1-", "a2+", "a2-"}),
             boost::test_tools::per_element());
  // b did not wait for a's queue: it started before a's last message finished.
  auto pos = [&](const std::string& e) {
    return std::find(events.begin(), events.end(), e) - events.begin();
  };
  BOOST_TEST(pos("b0+") < pos("a2-"));
  BOOST_TEST(lanes.size() == 0u);  // lanes are forgotten once idle
}

BOOST_AUTO_TEST_SUITE_END()
