// The platform's API misbehaving (the fake API is a real HTTP server): each kind of bad answer
// is retried or given up as the README says, and the user gets the reply once in the end.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/platforms/http_client.hpp"
#include "bot/platforms/telegram/client.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {
// One reply through the bot while the API answers `bad` first: retried (backoff 1 s, then 2 s),
// delivered exactly once.
void retried_then_delivered(std::vector<api_reply> bad) {
  temp_dir dir;
  fake_api api;
  api.start();
  for (auto& r : bad) api.push_reply(r);
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  BOOST_TEST(post_telegram(c, 1, 42, "hello") == 200u);
  BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }, 15s));
  BOOST_TEST(bot.stats().replies_retried.load() == bad.size());
  BOOST_TEST(bot.stats().replies_failed.load() == 0u);
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(bot.stats().replies_sent.load() == 1u);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(platform_api_faults, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_json_or_not_ok_is_retried) {
  retried_then_delivered({
      api_reply{200, "<html><body>502 Bad Gateway</body></html>", {}, {}},
      api_reply{200, R"({"ok":false,"description":"something new"})", {}, {}},
  });
}

BOOST_AUTO_TEST_CASE(an_answer_cut_short_or_reset_mid_way_is_retried) {
  retried_then_delivered({
      api_reply{200,
                R"({"ok":true,"result":{"message_id":1,"text":"a long enough body"}})",
                {},
                {},
                api_reply::ending::cut},
      api_reply{200,
                R"({"ok":true,"result":{"message_id":1,"text":"a long enough body"}})",
                {},
                {},
                api_reply::ending::reset},
  });
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_then_a_5xx_is_retried) {
  retried_then_delivered({
      api_reply{0, "", {}, {}},
      api_reply{502, "Bad Gateway", {}, {}},
  });
}

BOOST_AUTO_TEST_CASE(an_unknown_ok_false_with_a_4xx_is_given_up_once) {
  temp_dir dir;
  fake_api api;
  api.start();
  api.set_default(api_reply{
      400, R"({"ok":false,"error_code":400,"description":"Bad Request: brand new"})", {}, {}});
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_telegram(c, 1, 42, "hello") == 200u);
    BOOST_TEST(eventually([&] { return bot.stats().replies_failed.load() == 1u; }));
    std::this_thread::sleep_for(300ms);
  }
  BOOST_TEST(api.calls_to("sendMessage").size() == 1u);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 2") == 1);
}

BOOST_AUTO_TEST_CASE(a_tls_failure_is_retried_and_the_reply_kept) {
  // https:// to a server that speaks plain HTTP: the handshake fails every time.
  temp_dir dir;
  fake_api api;
  auto port = api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, "https://127.0.0.1:" + std::to_string(port)));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_telegram(c, 1, 42, "hello") == 200u);
    BOOST_TEST(eventually([&] { return bot.stats().replies_retried.load() >= 2u; }, 10s));
    BOOST_TEST(bot.stats().replies_sent.load() == 0u);
    BOOST_TEST(bot.stats().replies_failed.load() == 0u);
  }
  // Still waiting to be sent, for when the API (or its certificate) is right again.
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 1);
  BOOST_TEST(api.calls_to("sendMessage").empty());
}

BOOST_AUTO_TEST_CASE(an_answer_slower_than_the_timeout_is_a_network_error_and_retried) {
  // The bot's request timeout is 15 s; the same client with a short one shows the path without
  // making the test wait: the slow answer becomes an error, which the outbox retries.
  fake_api api;
  api.start();
  api.push_reply(api_reply{200, R"({"ok":true,"result":{}})", {}, 2000ms});
  net::io_context ioc;
  client_limits limits;
  limits.request_timeout = 300ms;
  http_client http(ioc.get_executor(), *parse_url(api.url()), limits);
  auto started = std::chrono::steady_clock::now();
  auto done =
      net::co_spawn(ioc, http.request("POST", "/bot1:X/sendMessage", "{}"), net::use_future);
  ioc.run();
  auto r = done.get();
  auto took = std::chrono::steady_clock::now() - started;
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST((took < 1500ms));
  BOOST_TEST((telegram::classify_response(r).status == send_status::transient));
}

BOOST_AUTO_TEST_CASE(an_answer_larger_than_the_limit_is_refused_not_buffered) {
  fake_api api;
  api.start();
  api.push_reply(
      api_reply{200, R"({"ok":true,"result":")" + std::string(64 * 1024, 'x') + "\"}", {}, {}});
  net::io_context ioc;
  client_limits limits;
  limits.max_response_bytes = 4096;
  http_client http(ioc.get_executor(), *parse_url(api.url()), limits);
  auto done =
      net::co_spawn(ioc, http.request("POST", "/bot1:X/sendMessage", "{}"), net::use_future);
  ioc.run();
  auto r = done.get();
  BOOST_TEST(!r.has_value());
  BOOST_TEST((telegram::classify_response(r).status == send_status::transient));
}

BOOST_AUTO_TEST_SUITE_END()
