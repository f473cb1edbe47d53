// SIGKILL in the middle of a burst, with pacing off: after the restart every acknowledged update
// is answered, and only sends that were in flight, or whose outcome was not yet durable, go out
// a second time (at most dispatcher_options::max_in_flight). The figure per 1,000 is printed;
// FOLLOWUP_KILL_UPDATES sets the burst (default 400; tests/bench/README.md has a long run).
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {
// Another build to measure (the figures before a change), and the rules it reads.
std::string bot_binary() {
  const char* v = std::getenv("FOLLOWUP_KILL_BOT");
  return v ? v : FOLLOWUP_BOT_BINARY;
}

std::size_t burst_size() {
  if (const char* v = std::getenv("FOLLOWUP_KILL_UPDATES")) return std::strtoul(v, nullptr, 10);
  return 400;
}

// Posts updates [from, to) of users 100000+i from `threads` connections; returns the ids that
// were acknowledged (200).
std::set<std::int64_t> post_all(std::uint16_t port, std::int64_t from, std::int64_t to,
                                const std::set<std::int64_t>& skip, int threads = 4) {
  std::mutex m;
  std::set<std::int64_t> acked;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::unique_ptr<http_test_client> c;
      for (std::int64_t i = from + t; i < to; i += threads) {
        if (skip.count(i)) continue;
        try {
          if (!c) c = std::make_unique<http_test_client>("127.0.0.1", port);
          auto r = c->request("POST", "/telegram/webhook", telegram_update(i, 100000 + i, "hi"),
                              telegram_secret_header);
          if (r.status == 200) {
            std::lock_guard lock(m);
            acked.insert(i);
          }
          if (r.closed) c.reset();
        } catch (const std::exception&) {
          c.reset();  // the bot is gone: the rest of this thread's updates are not acknowledged
          std::this_thread::sleep_for(5ms);
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  return acked;
}

// Replies per chat, from the fake API's record.
std::map<std::string, int> replies_per_chat(const fake_api& api) {
  std::map<std::string, int> out;
  for (const auto& c : api.calls_to("sendMessage")) {
    auto j = nlohmann::json::parse(c.body, nullptr, false);
    if (j.is_object() && j.contains("chat_id")) out[j["chat_id"].dump()]++;
  }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(kill_under_load, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(sigkill_mid_burst_repeats_at_most_the_sends_in_flight) {
  temp_dir dir;
  fake_api api;
  auto api_port = api.start();
  auto port = free_port();
  auto env = serve_env(port, dir.file("bot.db"), api_port);
  if (const char* rules = std::getenv("FOLLOWUP_KILL_RULES")) {
    env.push_back(std::string("FOLLOWUP_RULES=") + rules);
  }
  const auto n = static_cast<std::int64_t>(burst_size());
  std::set<std::int64_t> acked;
  {
    child_process bot(bot_binary(), {"serve"}, env, dir.file("bot1.log"));
    BOOST_REQUIRE(wait_healthy(port, 30000));
    std::thread killer([&] {
      // Once a third of the replies are out, while updates and sends are still flowing.
      api.wait_for("sendMessage", static_cast<std::size_t>(n / 3), 60s);
      bot.kill(SIGKILL);
    });
    acked = post_all(port, 1, n + 1, {});
    killer.join();
    BOOST_TEST(bot.wait(5000) == 128 + SIGKILL);
  }
  const auto before_restart = api.calls_to("sendMessage").size();
  child_process bot(bot_binary(), {"serve"}, env, dir.file("bot2.log"));
  BOOST_REQUIRE(wait_healthy(port, 30000));
  // Telegram delivers again what was never acknowledged.
  auto late = post_all(port, 1, n + 1, acked);
  acked.insert(late.begin(), late.end());
  BOOST_REQUIRE_EQUAL(acked.size(), static_cast<std::size_t>(n));
  // Every update answered: one chat each.
  BOOST_REQUIRE(eventually([&] { return replies_per_chat(api).size() == acked.size(); }, 60s));
  std::this_thread::sleep_for(500ms);
  int twice = 0;
  for (const auto& [chat, count] : replies_per_chat(api)) twice += count - 1;
  BOOST_TEST_MESSAGE("sigkill after "
                     << before_restart << " of " << n << " replies: " << twice << " sent twice, "
                     << (1000.0 * twice / static_cast<double>(n)) << " per 1,000 updates");
  std::printf("kill test: %lld updates, %d replies sent twice (%.1f per 1,000)\n",
              static_cast<long long>(n), twice, 1000.0 * twice / static_cast<double>(n));
  BOOST_TEST(twice <= 64);  // dispatcher_options::max_in_flight
  bot.kill(SIGTERM);
  BOOST_TEST(bot.wait(10000) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
