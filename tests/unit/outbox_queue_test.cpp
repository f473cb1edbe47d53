#include <boost/test/unit_test.hpp>

#include <map>

#include "bot/outbox/outbox_queue.hpp"
#include "bot/platforms/telegram/client.hpp"
#include "tests/support/outbox_rows.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {
const send_outcome ok{};
const send_outcome server_error{send_status::transient, {}, "500"};
}  // namespace

BOOST_AUTO_TEST_SUITE(outbox)

BOOST_AUTO_TEST_CASE(rate_limited_waits_exactly_retry_after) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  q.add(row(1, "a"), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{1});
  auto d = q.complete(1, send_outcome{send_status::rate_limited, 7s, "429"}, clk.now());
  BOOST_TEST(static_cast<int>(d.result) == static_cast<int>(delivery_result::retry));
  BOOST_TEST((d.not_before == t0() + 7s));
  BOOST_TEST((q.next_wake() == t0() + 7s));
  clk.advance(6999ms);
  BOOST_TEST(q.take_ready(clk.now()).empty());
  clk.advance(1ms);
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{1});
}

BOOST_AUTO_TEST_CASE(server_errors_back_off_exponentially_with_bounded_jitter) {
  retry_policy p;
  std::chrono::milliseconds expected = p.first_backoff;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    auto at = next_attempt(p, server_error, attempt, t0(), t0(), 99);
    BOOST_REQUIRE(at.has_value());
    auto wait = *at - t0();
    BOOST_TEST((wait >= expected));
    BOOST_TEST((wait <= expected + expected / 4));
    expected = std::min(expected * 2, p.max_backoff);
  }
}

BOOST_AUTO_TEST_CASE(gives_up_on_permanent_errors_and_after_a_day) {
  retry_policy p;
  BOOST_TEST(!next_attempt(p, send_outcome{send_status::permanent, {}, "403"}, 1, t0(), t0(), 1));
  BOOST_TEST(!next_attempt(p, server_error, 50, t0() - 24h, t0(), 1));
  manual_clock clk(t0());
  outbox_queue q(send_rate{0, 0}, p, 8);
  q.add(row(1, "a"), clk.now());
  q.take_ready(clk.now());
  auto d = q.complete(1, send_outcome{send_status::permanent, {}, "403 blocked"}, clk.now());
  BOOST_TEST(static_cast<int>(d.result) == static_cast<int>(delivery_result::dead));
  BOOST_TEST(q.size() == 0u);
}

BOOST_AUTO_TEST_CASE(one_message_per_second_per_chat) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{30, 1}, retry_policy{}, 8);
  q.add(row(1, "a"), clk.now());
  q.add(row(2, "a"), clk.now());
  q.add(row(3, "b"), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == (std::vector<std::int64_t>{1, 3}));
  q.complete(1, ok, clk.now());
  q.complete(3, ok, clk.now());
  BOOST_TEST(q.take_ready(clk.now()).empty());
  BOOST_TEST((q.next_wake() == t0() + 1s));
  clk.advance(999ms);
  BOOST_TEST(q.take_ready(clk.now()).empty());
  clk.advance(1ms);
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{2});
}

BOOST_AUTO_TEST_CASE(no_second_ever_holds_more_than_the_overall_rate) {
  for (double rate : {5.0, 30.0}) {
    manual_clock clk(t0());
    outbox_queue q(send_rate{rate, 1}, retry_policy{}, 1000);
    for (int i = 1; i <= 400; ++i) q.add(row(i, "chat" + std::to_string(i)), clk.now());
    std::vector<sys_time> sent;
    for (int step = 0; step < 1000; ++step) {  // 10 s in 10 ms steps
      for (auto& r : q.take_ready(clk.now())) {
        q.complete(r.id, ok, clk.now());
        sent.push_back(clk.now());
      }
      clk.advance(10ms);
    }
    auto n = static_cast<std::size_t>(rate);
    // Most of the rate is used, and any n+1 consecutive sends span more than a second.
    BOOST_TEST(sent.size() >= static_cast<std::size_t>(rate * 10 * 0.8), rate);
    for (std::size_t i = 0; i + n < sent.size(); ++i) BOOST_TEST((sent[i + n] - sent[i] >= 1s));
    // A few go out at once (replies to several users), not a second's worth.
    BOOST_TEST(sent.size() > 1u);
  }
}

BOOST_AUTO_TEST_CASE(each_platform_has_its_own_budget) {
  // A Telegram backlog at its limit does not hold back Slack: each API has its own 30/s.
  manual_clock clk(t0());
  outbox_queue q(send_rate{30, 1}, retry_policy{}, 1000);
  for (int i = 1; i <= 300; ++i) {
    q.add(row(i, "t" + std::to_string(i), outbox_priority::nudge), clk.now());
  }
  for (int i = 301; i <= 600; ++i) {
    q.add(row(i, "s" + std::to_string(i), outbox_priority::nudge, t0(), "slack"), clk.now());
  }
  std::map<std::string, std::vector<sys_time>> sent;
  for (int step = 0; step < 300; ++step) {  // 3 s in 10 ms steps
    for (auto& r : q.take_ready(clk.now())) {
      q.complete(r.id, ok, clk.now());
      sent[r.platform].push_back(clk.now());
    }
    clk.advance(10ms);
  }
  for (const std::string platform : {"telegram", "slack"}) {
    const auto& at = sent[platform];
    BOOST_TEST(at.size() >= 80u, platform << " sent " << at.size() << " in 3 s");
    BOOST_TEST(at.size() <= 90u, platform << " sent " << at.size() << " in 3 s");
    BOOST_TEST((at.front() == t0()), platform);
    for (std::size_t i = 0; i + 30 < at.size(); ++i) BOOST_TEST((at[i + 30] - at[i] >= 1s));
  }
}

BOOST_AUTO_TEST_CASE(an_exempt_platform_is_not_paced) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{30, 1}, retry_policy{}, 1000);
  q.exempt_from_pacing("web");
  for (int i = 1; i <= 3; ++i)
    q.add(row(i, "page", outbox_priority::reply, t0(), "web"), clk.now());
  for (int i = 4; i <= 103; ++i) {
    q.add(row(i, "p" + std::to_string(i), outbox_priority::reply, t0(), "web"), clk.now());
  }
  // A hundred pages at once, and one page's three messages back to back (still one at a time).
  auto first = q.take_ready(clk.now());
  BOOST_TEST(first.size() == 101u);
  for (const auto& r : first) q.complete(r.id, ok, clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{2});
  q.complete(2, ok, clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{3});
  // The exempt platform's sends take nothing from a paced one's budget.
  q.add(row(200, "t", outbox_priority::reply, t0(), "telegram"), clk.now());
  q.add(row(201, "u", outbox_priority::reply, t0(), "telegram"), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == (std::vector<std::int64_t>{200, 201}));
}

BOOST_AUTO_TEST_CASE(replies_go_before_nudges) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{1, 1}, retry_policy{}, 100);
  q.add(row(1, "x", outbox_priority::nudge), clk.now());
  q.add(row(2, "y", outbox_priority::nudge), clk.now());
  q.add(row(3, "z", outbox_priority::reply), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{3});
  clk.advance(1s);
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{1});
}

BOOST_AUTO_TEST_CASE(a_retrying_message_holds_back_its_chat_but_not_others) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  q.add(row(1, "a"), clk.now());
  q.add(row(2, "a"), clk.now());
  q.add(row(3, "b"), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == (std::vector<std::int64_t>{1, 3}));
  q.complete(1, server_error, clk.now());
  q.complete(3, ok, clk.now());
  q.add(row(4, "b"), clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{4});  // chat a waits
  clk.advance(2s);
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{1});  // order kept in a
  q.complete(1, ok, clk.now());
  BOOST_TEST(ids(q.take_ready(clk.now())) == std::vector<std::int64_t>{2});
}

BOOST_AUTO_TEST_CASE(in_flight_is_bounded_and_one_per_chat) {
  manual_clock clk(t0());
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 2);
  for (int i = 1; i <= 5; ++i) q.add(row(i, "c" + std::to_string(i % 3)), clk.now());
  auto first = q.take_ready(clk.now());
  BOOST_TEST(first.size() == 2u);
  BOOST_TEST(first[0].chat_id != first[1].chat_id);
  BOOST_TEST(q.take_ready(clk.now()).empty());
  q.complete(first[0].id, ok, clk.now());
  BOOST_TEST(q.take_ready(clk.now()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(telegram_answers_are_classified) {
  using telegram::classify_response;
  client_response r;
  r.status = 200;
  r.body = R"({"ok":true,"result":{}})";
  BOOST_TEST(static_cast<int>(classify_response(r).status) ==
             static_cast<int>(send_status::delivered));
  r.status = 429;
  r.body =
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 13","parameters":{"retry_after":13}})";
  auto o = classify_response(r);
  BOOST_TEST(static_cast<int>(o.status) == static_cast<int>(send_status::rate_limited));
  BOOST_TEST(o.retry_after.count() == 13000);
  r.status = 502;
  r.body = "<html>bad gateway</html>";
  BOOST_TEST(static_cast<int>(classify_response(r).status) ==
             static_cast<int>(send_status::transient));
  r.status = 403;
  r.body =
      R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})";
  o = classify_response(r);
  BOOST_TEST(static_cast<int>(o.status) == static_cast<int>(send_status::permanent));
  BOOST_TEST(o.error.find("blocked") != std::string::npos);
  boost::system::result<client_response> down =
      make_error_code(boost::system::errc::connection_refused);
  BOOST_TEST(static_cast<int>(classify_response(down).status) ==
             static_cast<int>(send_status::transient));
}

BOOST_AUTO_TEST_SUITE_END()
