#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/store/sqlite_db.hpp"
#include "tests/support/child_process.hpp"
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
const std::vector<std::pair<std::string, std::string>> good_secret{
    {"X-Telegram-Bot-Api-Secret-Token", "s3cret-token"}};

test_response post_update(
    http_test_client& c, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers = good_secret) {
  return c.request("POST", "/telegram/webhook", body, headers);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(telegram_end_to_end, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(update_in_exactly_one_reply_out) {
  temp_dir dir;
  fake_api api;
  api.start();
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto r = post_update(c, telegram_update(1001, 42, "hello"));
  BOOST_TEST(r.status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 5s));
  std::this_thread::sleep_for(300ms);
  auto calls = api.calls_to("sendMessage");
  BOOST_REQUIRE_EQUAL(calls.size(), 1u);
  BOOST_TEST(calls[0].target == "/bot123:TEST/sendMessage");
  auto body = nlohmann::json::parse(calls[0].body);
  BOOST_TEST(body["chat_id"].get<std::int64_t>() == 42);
  BOOST_TEST(body["parse_mode"].get<std::string>() == "HTML");
  BOOST_TEST(body["text"].get<std::string>().find("Ann") != std::string::npos);
  BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }));
}

BOOST_AUTO_TEST_CASE(a_draft_arrives_as_a_message_of_its_own_to_copy_in_one_go) {
  temp_dir dir;
  fake_api api;
  api.start();
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  BOOST_TEST(
      post_update(c, telegram_update(2002, 42, "write a thank you email to Jane Smith at Acme"))
          .status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 3, 5s));
  std::this_thread::sleep_for(300ms);
  auto calls = api.calls_to("sendMessage");
  std::vector<std::string> texts;
  for (const auto& call : calls) texts.push_back(nlohmann::json::parse(call.body)["text"]);
  auto draft = std::find_if(texts.begin(), texts.end(),
                            [](const std::string& t) { return t.starts_with("Subject: "); });
  BOOST_REQUIRE(draft != texts.end());
  // Only the draft in it, ending with the user's name, and no trace of the mark.
  BOOST_TEST(draft->find("Dear Jane Smith,") != std::string::npos);
  BOOST_TEST(draft->find("Acme") != std::string::npos);
  BOOST_TEST(draft->ends_with("Ann"), *draft);
  for (const auto& t : texts) BOOST_TEST(t.find('\x1e') == std::string::npos);
  // The words around it are other messages.
  BOOST_TEST(std::prev(draft)->find("thank-you for Jane Smith") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_duplicate_update_is_acknowledged_and_not_answered_again) {
  temp_dir dir;
  fake_api api;
  api.start();
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  BOOST_TEST(post_update(c, telegram_update(7, 42, "help")).status == 200u);
  BOOST_TEST(post_update(c, telegram_update(7, 42, "help")).status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 5s));
  std::this_thread::sleep_for(500ms);
  BOOST_TEST(api.calls_to("sendMessage").size() == 1u);
  BOOST_TEST(bot.stats().updates_deduplicated.load() == 1u);
}

BOOST_AUTO_TEST_CASE(a_wrong_or_missing_secret_is_401_and_stores_nothing) {
  temp_dir dir;
  fake_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_update(c, telegram_update(1, 42, "hello"),
                           {{"X-Telegram-Bot-Api-Secret-Token", "wrong"}})
                   .status == 401u);
    BOOST_TEST(post_update(c, telegram_update(2, 42, "hello"), {}).status == 401u);
    BOOST_TEST(bot.stats().updates_rejected.load() == 2u);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 0);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM users") == 0);
  BOOST_TEST(api.calls().empty());
}

BOOST_AUTO_TEST_CASE(malformed_updates_get_200_and_change_nothing) {
  temp_dir dir;
  fake_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_update(c, "{not json").status == 200u);
    BOOST_TEST(post_update(c, R"({"update_id":5,"edited_message":{"text":"x"}})").status == 200u);
    BOOST_TEST(post_update(c, std::string("\xff\xfe\x00garbage", 10)).status == 200u);
    BOOST_TEST(bot.stats().updates_ignored.load() == 3u);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 0);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox") == 0);
}

BOOST_AUTO_TEST_CASE(a_2mb_body_is_413) {
  temp_dir dir;
  fake_api api;
  api.start();
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto r = post_update(c, std::string(2 * 1024 * 1024, 'x'));
  BOOST_TEST(r.status == 413u);
  // The server is still fine afterwards.
  http_test_client c2("127.0.0.1", bot.port());
  BOOST_TEST(c2.request("GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(api_down_then_up_delivers_after_recovery) {
  temp_dir dir;
  fake_api api;
  auto port = api.start();
  api.stop();  // nothing listens there now
  running_bot bot(test_config(dir.file("bot.db"), "http://127.0.0.1:" + std::to_string(port)));
  http_test_client c("127.0.0.1", bot.port());
  BOOST_TEST(post_update(c, telegram_update(1, 42, "hello")).status == 200u);
  BOOST_TEST(eventually([&] { return bot.stats().replies_retried.load() >= 1u; }));
  api.start(port);
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 10s));
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(api.calls_to("sendMessage").size() == 1u);
}

BOOST_AUTO_TEST_CASE(server_errors_are_retried_and_429_waits_retry_after) {
  temp_dir dir;
  fake_api api;
  api.start();
  api.push_reply({500, R"({"ok":false,"error_code":500,"description":"Internal"})", {}, {}});
  api.push_reply(
      {429,
       R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}})",
       {},
       {}});
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST(post_update(c, telegram_update(1, 42, "hello")).status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 3, 15s));  // 500, 429, then delivered
  auto elapsed = std::chrono::steady_clock::now() - started;
  // 1 s backoff after the 500, then exactly 2 s after the 429.
  BOOST_TEST((elapsed >= 3s));
  BOOST_TEST((elapsed < 6s));
  BOOST_TEST(bot.stats().replies_retried.load() == 2u);
  BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }));
}

BOOST_AUTO_TEST_CASE(other_4xx_is_given_up) {
  temp_dir dir;
  fake_api api;
  api.start();
  api.set_default(
      {403,
       R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})",
       {},
       {}});
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_update(c, telegram_update(1, 42, "hello")).status == 200u);
    BOOST_TEST(eventually([&] { return bot.stats().replies_failed.load() == 1u; }));
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 2") == 1);
  BOOST_TEST(api.count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_restarted_bot_delivers_what_was_left) {
  temp_dir dir;
  fake_api api;
  auto port = api.start();
  api.stop();
  auto db = dir.file("bot.db");
  {
    running_bot bot(test_config(db, "http://127.0.0.1:" + std::to_string(port)));
    http_test_client c("127.0.0.1", bot.port());
    BOOST_TEST(post_update(c, telegram_update(1, 42, "hello")).status == 200u);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 1);
  api.start(port);
  running_bot again(test_config(db, "http://127.0.0.1:" + std::to_string(port)));
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 10s));
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(api.calls_to("sendMessage").size() == 1u);
}

BOOST_AUTO_TEST_CASE(kill_9_between_ack_and_send_then_restart_delivers_once) {
  temp_dir dir;
  fake_api api;
  auto api_port = api.start();
  api.stop();
  auto bot_port = free_port();
  auto env = serve_env(bot_port, dir.file("bot.db"), api_port);
  {
    child_process bot(FOLLOWUP_BOT_BINARY, {"serve"}, env, dir.file("bot1.log"));
    BOOST_REQUIRE(wait_healthy(bot_port, 30000));
    http_test_client c("127.0.0.1", bot_port);
    BOOST_TEST(post_update(c, telegram_update(77, 42, "hello")).status == 200u);
    bot.kill(SIGKILL);
    BOOST_TEST(bot.wait(5000) == 128 + SIGKILL);
  }
  api.start(api_port);
  child_process bot(FOLLOWUP_BOT_BINARY, {"serve"}, env, dir.file("bot2.log"));
  BOOST_REQUIRE(wait_healthy(bot_port, 30000));
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 10s));
  // Telegram redelivers the update it never saw acknowledged... it was acknowledged, but a
  // redelivery must still not produce a second answer.
  http_test_client c("127.0.0.1", bot_port);
  BOOST_TEST(post_update(c, telegram_update(77, 42, "hello")).status == 200u);
  std::this_thread::sleep_for(700ms);
  BOOST_TEST(api.calls_to("sendMessage").size() == 1u);
  bot.kill(SIGTERM);
  BOOST_TEST(bot.wait(10000) == 0);
}

BOOST_AUTO_TEST_CASE(metrics_and_health) {
  temp_dir dir;
  fake_api api;
  api.start();
  running_bot bot(test_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  BOOST_TEST(post_update(c, telegram_update(1, 42, "hello")).status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 5s));
  // The dispatcher counts a reply once it has read the API's answer, after the fake sent it.
  test_response m;
  BOOST_TEST(eventually([&] {
    m = c.request("GET", "/metrics");
    return m.body.find("followup_replies_sent_total 1\n") != std::string::npos;
  }));
  BOOST_TEST(m.status == 200u);
  BOOST_TEST(m.body.find("followup_updates_received_total 1\n") != std::string::npos, m.body);
  BOOST_TEST(m.body.find("followup_replies_sent_total 1\n") != std::string::npos);
  BOOST_TEST(m.body.find("followup_outbox_depth 0\n") != std::string::npos);
  BOOST_TEST(m.body.find("followup_request_duration_seconds_bucket{le=\"+Inf\"}") !=
             std::string::npos);
  auto h = c.request("GET", "/healthz");
  BOOST_TEST(h.status == 200u);
  bool has_request_id = false;
  for (auto& [k, v] : h.headers) has_request_id |= (k == "X-Request-Id" && !v.empty());
  BOOST_TEST(has_request_id);
}

BOOST_AUTO_TEST_CASE(a_flooding_user_is_told_once_to_slow_down_and_others_are_not_affected) {
  temp_dir dir;
  fake_api api;
  api.start();
  auto cfg = test_config(dir.file("bot.db"), api.url());
  cfg.flood = user_rate{5, std::chrono::seconds(60)};
  running_bot bot(cfg);
  http_test_client c("127.0.0.1", bot.port());
  // 12 messages from one user as fast as a script sends them: every one acknowledged.
  for (int i = 1; i <= 12; ++i) {
    BOOST_TEST(post_update(c, telegram_update(100 + i, 42, "should I call again?")).status == 200u);
  }
  // Another user at the same moment is answered as usual.
  BOOST_TEST(post_update(c, telegram_update(500, 43, "hello")).status == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 7, 10s));
  std::this_thread::sleep_for(500ms);
  int to_flooder = 0, slow_downs = 0, to_other = 0;
  for (const auto& call : api.calls_to("sendMessage")) {
    auto body = nlohmann::json::parse(call.body);
    auto text = body["text"].get<std::string>();
    if (body["chat_id"].get<std::int64_t>() == 43) {
      ++to_other;
      continue;
    }
    ++to_flooder;
    if (text.find("one message") != std::string::npos) ++slow_downs;
  }
  // Five within the limit answered, then exactly one "slow down", the other six only stored
  // as seen (acknowledged, not answered, counted).
  BOOST_TEST(to_flooder == 6);
  BOOST_TEST(slow_downs == 1);
  BOOST_TEST(to_other == 1);
  BOOST_TEST(bot.stats().updates_flooded.load() == 6u);
  // A redelivery of a flooded update is still acknowledged, and still not answered.
  BOOST_TEST(post_update(c, telegram_update(112, 42, "should I call again?")).status == 200u);
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(api.calls_to("sendMessage").size() == 7u);
}

BOOST_AUTO_TEST_SUITE_END()
