#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "bot/engine/engine.hpp"
#include "bot/inbox/inbox.hpp"
#include "bot/platforms/slack/signature.hpp"
#include "bot/platforms/slack/webhook.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_slack_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/project_rules.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;
using headers = std::vector<std::pair<std::string, std::string>>;

namespace {
const std::string signing_secret = "8f742231b10e8888abcd99yyyzzz85a5";
const std::string bot_token = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
const std::string bot_user = "U0LAN0Z89";

config slack_config(const std::string& db, const std::string& api_url) {
  auto c = test_config(db, "http://127.0.0.1:9");
  c.telegram_token.clear();
  c.telegram_secret.clear();
  c.slack_signing_secret = signing_secret;
  c.slack_bot_token = bot_token;
  c.slack_api = api_url;
  return c;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

headers signed_headers(const std::string& body, std::int64_t timestamp = now_seconds(),
                       const std::string& content_type = "application/json") {
  auto ts = std::to_string(timestamp);
  return {{"Content-Type", content_type},
          {"X-Slack-Request-Timestamp", ts},
          {"X-Slack-Signature", slack::sign(signing_secret, ts, body)}};
}

std::string dm_event(const std::string& event_id, const std::string& user,
                     const std::string& channel, const std::string& text) {
  nlohmann::json doc{
      {"token", "one-long-verification-token"},
      {"team_id", "T061EG9R6"},
      {"api_app_id", "A0PNCHHK2"},
      {"event",
       {{"type", "message"},
        {"channel", channel},
        {"user", user},
        {"text", text},
        {"ts", "1355517523.000005"},
        {"event_ts", "1355517523.000005"},
        {"channel_type", "im"}}},
      {"type", "event_callback"},
      {"event_id", event_id},
      {"event_time", 1355517523},
      {"authorizations", {{{"team_id", "T061EG9R6"}, {"user_id", bot_user}, {"is_bot", true}}}}};
  return doc.dump();
}

std::string mention_event(const std::string& event_id, const std::string& text,
                          const std::string& thread_ts = "") {
  nlohmann::json doc{
      {"type", "event_callback"},
      {"team_id", "T061EG9R6"},
      {"event_id", event_id},
      {"event_time", 1515449522},
      {"event",
       {{"type", "app_mention"},
        {"user", "U061F7AUR"},
        {"text", text},
        {"ts", "1515449522.000016"},
        {"channel", "C0LAN2Q65"},
        {"event_ts", "1515449522000016"}}},
      {"authorizations", {{{"team_id", "T061EG9R6"}, {"user_id", bot_user}, {"is_bot", true}}}}};
  if (!thread_ts.empty()) doc["event"]["thread_ts"] = thread_ts;
  return doc.dump();
}

std::string command_body(const std::string& text, const std::string& trigger) {
  return "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id="
         "C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Ffollowup"
         "&text=" +
         text + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=" +
         trigger;
}

test_response post(http_test_client& c, const std::string& body, const headers& h) {
  return c.request("POST", "/slack/events", body, h);
}

std::vector<slack_call> posts(const fake_slack_api& api) {
  return api.calls_to("chat.postMessage");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(slack_end_to_end, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(a_direct_message_gets_exactly_one_reply_with_the_bearer_token) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  running_bot bot(slack_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto body = dm_event("Ev0PV52K21", "U2147483697", "D024BE91L", "hello");
  auto started = std::chrono::steady_clock::now();
  auto r = post(c, body, signed_headers(body));
  BOOST_TEST(r.status == 200u);
  BOOST_TEST((std::chrono::steady_clock::now() - started < 3s));
  BOOST_REQUIRE(api.wait_for("chat.postMessage", 1, 5s));
  std::this_thread::sleep_for(300ms);
  auto calls = posts(api);
  BOOST_REQUIRE_EQUAL(calls.size(), 1u);
  BOOST_TEST(calls[0].target == "/api/chat.postMessage");
  BOOST_TEST(calls[0].header("authorization") == "Bearer " + bot_token);
  BOOST_TEST(calls[0].header("content-type").starts_with("application/json"));
  auto sent = nlohmann::json::parse(calls[0].body);
  BOOST_TEST(sent["channel"].get<std::string>() == "D024BE91L");
  BOOST_TEST(!sent["text"].get<std::string>().empty());
  BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }));
  BOOST_TEST(bot.stats().updates_received.load() == 1u);
}

BOOST_AUTO_TEST_CASE(a_flooding_user_is_told_once_to_slow_down) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto cfg = slack_config(dir.file("bot.db"), api.url());
  cfg.flood = user_rate{3, std::chrono::seconds(60)};
  running_bot bot(cfg);
  http_test_client c("127.0.0.1", bot.port());
  for (int i = 0; i < 8; ++i) {
    auto body = dm_event("EvFlood" + std::to_string(i), "U2147483697", "D024BE91L", "hello");
    BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
  }
  BOOST_REQUIRE(api.wait_for("chat.postMessage", 4, 5s));
  std::this_thread::sleep_for(500ms);
  // Three answered, one "slow down", four acknowledged and not answered.
  BOOST_TEST(posts(api).size() == 4u);
  BOOST_TEST(nlohmann::json::parse(posts(api).back().body)["text"].get<std::string>().find(
                 "one message") != std::string::npos);
  BOOST_TEST(bot.stats().updates_flooded.load() == 4u);
}

BOOST_AUTO_TEST_CASE(a_mention_is_answered_in_its_channel_and_reminders_go_to_the_dm) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto body = mention_event("Ev0MDYGDKJ", "<@" + bot_user + "> help");
    BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
    BOOST_REQUIRE(api.wait_for("chat.postMessage", 1, 5s));
    auto sent = nlohmann::json::parse(posts(api)[0].body);
    BOOST_TEST(sent["channel"].get<std::string>() == "C0LAN2Q65");
    BOOST_TEST(!sent.contains("thread_ts"));  // asked at the top: answered at the top
    // Asked inside a thread: answered in that thread.
    auto in_thread = mention_event("Ev0MDYGDKK", "<@" + bot_user + "> help", "1515449000.000100");
    BOOST_TEST(post(c, in_thread, signed_headers(in_thread)).status == 200u);
    BOOST_REQUIRE(api.wait_for("chat.postMessage", 2, 5s));
    auto threaded = nlohmann::json::parse(posts(api).at(1).body);
    BOOST_TEST(threaded["channel"].get<std::string>() == "C0LAN2Q65");
    BOOST_TEST(threaded["thread_ts"].get<std::string>() == "1515449000.000100");
  }
  // The user's home chat (where reminders go) is their DM, not the channel.
  BOOST_TEST(scalar(db,
                    "SELECT count(*) FROM users WHERE platform = 'slack' AND "
                    "platform_user_id = 'U061F7AUR' AND chat_id = 'U061F7AUR'") == 1);
}

BOOST_AUTO_TEST_CASE(a_redelivery_with_retry_num_is_not_answered_twice) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  running_bot bot(slack_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto body = dm_event("Ev0PV52K22", "U2147483697", "D024BE91L", "should I call them again?");
  BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
  auto retry = signed_headers(body);
  retry.emplace_back("X-Slack-Retry-Num", "1");
  retry.emplace_back("X-Slack-Retry-Reason", "http_timeout");
  BOOST_TEST(post(c, body, retry).status == 200u);
  retry[3].second = "2";
  BOOST_TEST(post(c, body, retry).status == 200u);
  BOOST_REQUIRE(api.wait_for("chat.postMessage", 1, 5s));
  std::this_thread::sleep_for(500ms);
  BOOST_TEST(posts(api).size() == 1u);
  BOOST_TEST(bot.stats().updates_deduplicated.load() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_signatures_stale_timestamps_and_missing_headers_are_401) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto body = dm_event("Ev1", "U2147483697", "D024BE91L", "hello");
    auto tampered = dm_event("Ev1", "U2147483697", "D024BE91L", "hellO");
    auto wrong = signed_headers(body);
    wrong[2].second = slack::sign("not-the-secret", wrong[1].second, body);
    std::vector<std::pair<std::string, headers>> cases{
        {body, wrong},
        {tampered, signed_headers(body)},                   // body changed after signing
        {body, signed_headers(body, now_seconds() - 301)},  // old: a replay
        {body, signed_headers(body, now_seconds() + 400)},  // from the future
        {body, {{"Content-Type", "application/json"}}},
        {body, {signed_headers(body)[0], signed_headers(body)[1]}},  // no signature
        {body, {signed_headers(body)[0], signed_headers(body)[2]}},  // no timestamp
    };
    for (const auto& [b, h] : cases) BOOST_TEST(post(c, b, h).status == 401u);
    // A slash command goes through the same check.
    auto cmd = command_body("help", "13345224609.738474920.8088930838d88f008e0");
    auto h = signed_headers(cmd, now_seconds(), "application/x-www-form-urlencoded");
    h[2].second = "v0=" + std::string(64, '0');
    BOOST_TEST(post(c, cmd, h).status == 401u);
    // A URL verification too: anyone could otherwise claim our endpoint.
    std::string challenge = R"({"token":"x","challenge":"abc","type":"url_verification"})";
    BOOST_TEST(post(c, challenge, {{"Content-Type", "application/json"}}).status == 401u);
    BOOST_TEST(bot.stats().updates_rejected.load() == cases.size() + 2);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 0);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM users") == 0);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox") == 0);
  BOOST_TEST(api.calls().empty());
}

BOOST_AUTO_TEST_CASE(url_verification_is_answered_with_the_challenge) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  running_bot bot(slack_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  std::string body = R"({
    "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
    "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    "type": "url_verification"
})";
  auto r = post(c, body, signed_headers(body));
  BOOST_TEST(r.status == 200u);
  auto doc = nlohmann::json::parse(r.body);
  BOOST_TEST(doc["challenge"].get<std::string>() ==
             "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
}

BOOST_AUTO_TEST_CASE(the_bots_own_messages_and_non_text_subtypes_are_ignored) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto own = nlohmann::json::parse(dm_event("Ev2", bot_user, "D024BE91L", "Our reply"));
    own["event"]["bot_id"] = "B0LAN0Z89";
    auto edited = nlohmann::json::parse(dm_event("Ev3", "U2147483697", "D024BE91L", ""));
    edited["event"]["subtype"] = "message_changed";
    edited["event"]["hidden"] = true;
    auto other_bot = nlohmann::json::parse(dm_event("Ev4", "U2147483697", "D024BE91L", "ci"));
    other_bot["event"].erase("user");
    other_bot["event"]["subtype"] = "bot_message";
    other_bot["event"]["bot_id"] = "BB12033";
    for (const auto& doc : {own, edited, other_bot}) {
      auto body = doc.dump();
      BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
    }
    BOOST_TEST(bot.stats().updates_ignored.load() == 3u);
    std::this_thread::sleep_for(300ms);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 0);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox") == 0);
  BOOST_TEST(api.calls().empty());
}

BOOST_AUTO_TEST_CASE(a_slash_command_is_answered_in_the_response_and_recorded_once) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto db = dir.file("bot.db");
  auto trigger = std::string("13345224609.738474920.8088930838d88f008e0");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto body = command_body("should+I+call+them+again%3F", trigger);
    auto started = std::chrono::steady_clock::now();
    auto r =
        post(c, body, signed_headers(body, now_seconds(), "application/x-www-form-urlencoded"));
    BOOST_TEST((std::chrono::steady_clock::now() - started < 3s));
    BOOST_TEST(r.status == 200u);
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    BOOST_REQUIRE(doc.is_object());
    BOOST_TEST(doc["response_type"].get<std::string>() == "ephemeral");
    BOOST_TEST(doc["text"].get<std::string>().size() > 20u);
    // The same invocation again (a proxy retrying): recognised, not answered twice.
    auto again =
        post(c, body, signed_headers(body, now_seconds(), "application/x-www-form-urlencoded"));
    BOOST_TEST(again.status == 200u);
    BOOST_TEST(again.body.empty());
    BOOST_TEST(bot.stats().updates_deduplicated.load() == 1u);
    std::this_thread::sleep_for(300ms);
  }
  // Answered in the response, so nothing went through chat.postMessage...
  BOOST_TEST(api.calls().empty());
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox") == 0);
  // ...but the command is on record, and the user's replies and nudges go to their DM.
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates WHERE update_id = 'command:" +
                            trigger + "'") == 1);
  BOOST_TEST(scalar(db,
                    "SELECT count(*) FROM users WHERE platform = 'slack' AND "
                    "platform_user_id = 'U2147483697' AND chat_id = 'U2147483697'") == 1);
}

BOOST_AUTO_TEST_CASE(a_slash_command_without_text_gets_the_usage_and_stores_nothing) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto db = dir.file("bot.db");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto body = command_body("+", "1.2.3");
    auto r =
        post(c, body, signed_headers(body, now_seconds(), "application/x-www-form-urlencoded"));
    BOOST_TEST(r.status == 200u);
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    BOOST_REQUIRE(doc.is_object());
    BOOST_TEST(doc["response_type"].get<std::string>() == "ephemeral");
    BOOST_TEST(doc["text"].get<std::string>().find("/followup") != std::string::npos);
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 0);
  BOOST_TEST(api.calls().empty());
}

BOOST_AUTO_TEST_CASE(http_429_is_retried_after_retry_after) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  api.push_reply({429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "2"}}, {}});
  running_bot bot(slack_config(dir.file("bot.db"), api.url()));
  http_test_client c("127.0.0.1", bot.port());
  auto body = dm_event("Ev5", "U2147483697", "D024BE91L", "hello");
  BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
  BOOST_REQUIRE(api.wait_for("chat.postMessage", 2, 10s));
  auto calls = posts(api);
  auto gap = calls[1].at - calls[0].at;
  auto gap_ms = std::chrono::duration_cast<std::chrono::milliseconds>(gap).count();
  // Exactly Retry-After, give or take the dispatcher's millisecond clock; a default backoff
  // (1 s) or an immediate retry would fail this.
  BOOST_TEST(gap_ms >= 1950, "retried after " << gap_ms << " ms");
  BOOST_TEST((gap < 3500ms));
  BOOST_TEST(calls[1].body == calls[0].body);
  BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }));
  BOOST_TEST(bot.stats().replies_retried.load() == 1u);
}

BOOST_AUTO_TEST_CASE(ok_false_errors_are_retried_or_given_up_by_kind) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  // Slack's trouble (HTTP 200, ok:false): retried after the first backoff, then delivered.
  api.push_reply({200, R"({"ok":false,"error":"internal_error"})", {}, {}});
  auto db = dir.file("bot.db");
  {
    running_bot bot(slack_config(db, api.url()));
    http_test_client c("127.0.0.1", bot.port());
    auto first = dm_event("Ev6", "U2147483697", "D024BE91L", "hello");
    BOOST_TEST(post(c, first, signed_headers(first)).status == 200u);
    BOOST_REQUIRE(api.wait_for("chat.postMessage", 2, 10s));
    BOOST_TEST(eventually([&] { return bot.stats().replies_sent.load() == 1u; }));
    BOOST_TEST(bot.stats().replies_retried.load() == 1u);
    // A channel that does not exist (HTTP 200, ok:false): given up at once, never retried.
    api.push_reply({200, R"({"ok":false,"error":"channel_not_found"})", {}, {}});
    auto second = dm_event("Ev7", "U0000000002", "D000000002", "hello");
    BOOST_TEST(post(c, second, signed_headers(second)).status == 200u);
    BOOST_REQUIRE(api.wait_for("chat.postMessage", 3, 5s));
    BOOST_TEST(eventually([&] { return bot.stats().replies_failed.load() == 1u; }));
    std::this_thread::sleep_for(300ms);  // time for a wrong retry to show, if there were one
    BOOST_TEST(bot.stats().replies_retried.load() == 1u);
  }
  auto calls = posts(api);
  BOOST_TEST(calls.size() == 3u);  // internal_error, its retry, then channel_not_found
  BOOST_TEST(nlohmann::json::parse(calls[1].body)["channel"].get<std::string>() == "D024BE91L");
  BOOST_TEST(nlohmann::json::parse(calls[2].body)["channel"].get<std::string>() == "D000000002");
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 2") == 1);
}

BOOST_AUTO_TEST_CASE(replies_to_one_channel_are_paced_about_one_a_second) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto cfg = slack_config(dir.file("bot.db"), api.url());
  cfg.rate = send_rate{30, 1};  // the default: Slack's one message per second per channel
  running_bot bot(cfg);
  http_test_client c("127.0.0.1", bot.port());
  for (const char* id : {"Ev8", "Ev9"}) {
    auto body = dm_event(id, "U2147483697", "D024BE91L", "hello");
    BOOST_TEST(post(c, body, signed_headers(body)).status == 200u);
  }
  BOOST_REQUIRE(api.wait_for("chat.postMessage", 2, 5s));
  auto calls = posts(api);
  BOOST_TEST((calls[1].at - calls[0].at >= 900ms));
}

BOOST_AUTO_TEST_CASE(slack_stays_off_with_only_one_of_its_secrets) {
  temp_dir dir;
  fake_slack_api api;
  api.start();
  auto cfg = slack_config(dir.file("bot.db"), api.url());
  cfg.slack_bot_token.clear();
  running_bot bot(cfg);
  http_test_client c("127.0.0.1", bot.port());
  auto body = dm_event("Ev10", "U2147483697", "D024BE91L", "hello");
  BOOST_TEST(post(c, body, signed_headers(body)).status == 404u);
}

BOOST_AUTO_TEST_SUITE_END()

// The acknowledgement deadline, with the pieces of the app wired by hand so that the deadline
// can be made shorter than any commit: Slack gets its answer anyway, and nothing is lost.
BOOST_AUTO_TEST_SUITE(slack_ack_deadline, *boost::unit_test::label("integration"))

namespace {
struct pieces {
  explicit pieces(const std::string& db)
      : store(std::make_unique<store_worker>(open_sqlite_store(db), clk)),
        brain(project_knowledge()),
        in(*store, brain, clk, stats, "UTC"),
        work(net::make_work_guard(ioc)),
        thread([this] { ioc.run(); }) {}
  ~pieces() {
    work.reset();
    thread.join();
    store->stop();
  }
  http_response call(const slack::webhook_context& ctx, http_request req) {
    auto f = net::co_spawn(ioc, slack::handle_request(ctx, std::move(req)), net::use_future);
    return f.get();
  }

  system_clock clk;
  metrics stats;
  std::unique_ptr<store_worker> store;
  knowledge_ref brain;
  inbox in;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work;
  std::thread thread;
};

http_request signed_request(const std::string& body, const std::string& content_type) {
  http_request req;
  req.method = "POST";
  req.target = req.path = "/slack/events";
  req.body = body;
  for (auto& [k, v] : signed_headers(body, now_seconds(), content_type)) {
    std::string name = k;
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req.headers.emplace_back(std::move(name), v);
  }
  return req;
}
}  // namespace

BOOST_AUTO_TEST_CASE(an_event_is_acknowledged_at_the_deadline_and_stored_after) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  {
    pieces p(db);
    slack::webhook_context ctx{signing_secret, p.in, p.stats, p.clk, p.brain, 0ms};
    auto r =
        p.call(ctx, signed_request(dm_event("EvLATE", "U1", "D1", "hello"), "application/json"));
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(eventually([&] { return p.stats.updates_received.load() == 1u; }));
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates WHERE update_id = 'EvLATE'") == 1);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE chat_id = 'D1'") >= 1);
}

BOOST_AUTO_TEST_CASE(a_late_slash_command_reply_is_given_exactly_one_way) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  std::string answered;
  {
    pieces p(db);
    slack::webhook_context ctx{signing_secret, p.in, p.stats, p.clk, p.brain, 0ms};
    auto body = command_body("should+I+call+them+again%3F", "9.9.9");
    auto r = p.call(ctx, signed_request(body, "application/x-www-form-urlencoded"));
    BOOST_TEST(r.status == 200u);
    auto doc = nlohmann::json::parse(r.body);
    BOOST_TEST(doc["response_type"].get<std::string>() == "ephemeral");
    answered = doc["text"].get<std::string>();
    BOOST_TEST(eventually([&] { return p.stats.updates_received.load() == 1u; }));
  }
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == 1);
  auto queued = scalar(db, "SELECT count(*) FROM outbox WHERE chat_id = 'U2147483697'");
  // Either the answer was ready in time and is in the response (nothing queued), or the
  // response says it will follow and it is queued for the user's DM. Never both, never neither.
  bool says_later = answered.find("direct message") != std::string::npos;
  BOOST_TEST_MESSAGE(
      "late slash command: " << (says_later ? "queued for the DM" : "in the response"));
  BOOST_TEST((says_later ? queued >= 1 : queued == 0), "queued " << queued << ": " << answered);
}

BOOST_AUTO_TEST_SUITE_END()
