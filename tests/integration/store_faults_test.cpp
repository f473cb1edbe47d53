// The store failing under the running server (a decorator over the real SQLite store, failing on
// command as a full disk does): every error path keeps what was acknowledged and sends nothing
// twice beyond the documented window.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_migrations.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/failing_store.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/seed_users.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {
struct faulty_bot {
  std::shared_ptr<failing_store::switches> fail = std::make_shared<failing_store::switches>();
  running_bot bot;
  faulty_bot(const std::string& db, const std::string& api) : faulty_bot(test_config(db, api)) {}
  explicit faulty_bot(config cfg)
      : bot(std::move(cfg), [s = fail](std::unique_ptr<store> real) -> std::unique_ptr<store> {
          return std::make_unique<failing_store>(std::move(real), s);
        }) {}
};

// sendMessage calls per chat.
std::map<std::int64_t, int> sends_per_chat(const fake_api& api) {
  std::map<std::int64_t, int> n;
  for (const auto& c : api.calls_to("sendMessage")) {
    n[nlohmann::json::parse(c.body)["chat_id"].get<std::int64_t>()]++;
  }
  return n;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(store_faults, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(
    a_full_disk_is_reported_by_healthz_and_metrics_and_nothing_acknowledged_is_lost) {
  temp_dir dir;
  fake_api api;
  api.start();
  faulty_bot f(dir.file("bot.db"), api.url());
  http_test_client c("127.0.0.1", f.bot.port());
  BOOST_TEST(post_telegram(c, 1, 42, "hello") == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 1, 5s));
  BOOST_TEST(c.request("GET", "/healthz", "").status == 200u);

  f.fail->disk_full(true);
  // Not stored, so not acknowledged: the platform will deliver it again.
  BOOST_TEST(post_telegram(c, 2, 43, "hello") == 500u);
  auto health = c.request("GET", "/healthz", "");
  BOOST_TEST(health.status == 503u);
  BOOST_TEST(health.body.find("\"store\":\"failing\"") != std::string::npos, health.body);
  auto metrics = c.request("GET", "/metrics", "").body;
  BOOST_TEST(metrics.find("followup_store_healthy 0") != std::string::npos);
  BOOST_TEST(metrics.find("followup_store_failures_total 0") == std::string::npos);
  // Still full a while later: still degraded (the probes fail too).
  std::this_thread::sleep_for(600ms);
  BOOST_TEST(c.request("GET", "/healthz", "").status == 503u);

  f.fail->disk_full(false);
  // Health comes back by itself (a probe write), with no message needed to find out.
  BOOST_TEST(eventually([&] { return c.request("GET", "/healthz", "").status == 200u; }, 10s));
  BOOST_TEST(c.request("GET", "/metrics", "").body.find("followup_store_healthy 1") !=
             std::string::npos);
  // The redelivery is stored and answered, once.
  BOOST_TEST(post_telegram(c, 2, 43, "hello") == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", 2, 5s));
  std::this_thread::sleep_for(300ms);
  auto per_chat = sends_per_chat(api);
  BOOST_TEST(per_chat[42] == 1);
  BOOST_TEST(per_chat[43] == 1);
}

// A backlog trickling out at 4 a second (FOLLOWUP_SEND_RATE), and the disk fills up after the
// first few: what is stored waits for the disk, rather than going out without its mark.
config paced(const std::string& db, const std::string& api) {
  auto cfg = test_config(db, api);
  cfg.rate = send_rate{4, 1};
  return cfg;
}

// 20 users' messages stored and their replies going out; once `sent` are at the API, the disk
// fills, and the bot says so.
void backlog_then_full_disk(faulty_bot& f, http_test_client& c, const fake_api& api,
                            std::size_t sent) {
  for (int u = 0; u < 20; ++u) BOOST_TEST(post_telegram(c, 100 + u, 1000 + u, "hello") == 200u);
  BOOST_REQUIRE(api.wait_for("sendMessage", sent, 5s));
  f.fail->disk_full(true);
  BOOST_TEST(eventually([&] { return c.request("GET", "/healthz", "").status == 503u; }, 5s));
}

BOOST_AUTO_TEST_CASE(replies_whose_delivered_marks_cannot_be_written_are_held_not_resent) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  fake_api api;
  api.start();
  {
    faulty_bot f(paced(db, api.url()));
    http_test_client c("127.0.0.1", f.bot.port());
    backlog_then_full_disk(f, c, api, 2);
    auto at_failure = api.calls_to("sendMessage").size();
    std::this_thread::sleep_for(1500ms);  // six more would have gone out at 4 a second
    auto sent_while_failing = api.calls_to("sendMessage").size();
    BOOST_TEST(sent_while_failing <= at_failure + 1);
    BOOST_TEST_MESSAGE("sent when the failure showed: " << at_failure
                                                        << ", 1.5 s later: " << sent_while_failing);

    f.fail->disk_full(false);
    BOOST_REQUIRE(api.wait_for("sendMessage", 20, 15s));
    std::this_thread::sleep_for(500ms);
    // The held marks were written when the store came back: nothing went out twice.
    for (const auto& [chat, n] : sends_per_chat(api)) BOOST_TEST(n == 1, "chat " << chat);
    BOOST_TEST(sends_per_chat(api).size() == 20u);
    BOOST_TEST(c.request("GET", "/healthz", "").status == 200u);
  }
  // And the store agrees: nothing is left to send after a restart.
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 0);
}

BOOST_AUTO_TEST_CASE(a_restart_while_the_disk_is_still_full_repeats_at_most_what_was_in_flight) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  fake_api api;
  api.start();
  std::size_t sent = 0;
  {
    faulty_bot f(paced(db, api.url()));
    http_test_client c("127.0.0.1", f.bot.port());
    backlog_then_full_disk(f, c, api, 6);
    std::this_thread::sleep_for(1s);
    sent = api.calls_to("sendMessage").size();
    // Stopped (SIGTERM's path) with the disk still full: the last marks cannot be written.
  }
  running_bot again(test_config(db, api.url()));
  eventually([&] { return sends_per_chat(api).size() >= 20u; }, 15s);
  std::this_thread::sleep_for(500ms);
  auto per_chat = sends_per_chat(api);
  BOOST_TEST(per_chat.size() == 20u);
  int repeated = 0;
  for (const auto& [chat, n] : per_chat) repeated += n - 1;
  // Only sends whose marks were not yet written when the disk filled can repeat (a mark is
  // written within milliseconds; at 4 a second, that is the one or two in flight). Without the
  // hold, every reply sent while the disk was full would (the probe: 40 of 46).
  BOOST_TEST(repeated <= 2);
  BOOST_TEST(sent < 20u);
  BOOST_TEST_MESSAGE("sent before the restart: " << sent << ", repeated after it: " << repeated);
}

BOOST_AUTO_TEST_CASE(a_failing_claim_of_reminders_sends_each_once_when_it_works_again) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  auto now = followup::system_clock{}.now();
  {
    auto s = open_sqlite_store(db);
    seed_users(
        *s, {"2001", "2002", "2003"},
        [now](const std::string&) { return std::vector<interview>{acme_interview(now + 1h)}; },
        now - 1min, etiquette_numbers{}, "UTC");
  }
  {
    sqlite::database d(db);
    d.exec("UPDATE nudges SET state = 2 WHERE kind != 'thank_you'");
    d.exec("UPDATE nudges SET due_at = " + std::to_string(to_millis(now + 1500ms)) +
           " WHERE state = 0");
  }
  BOOST_REQUIRE_EQUAL(scalar(db, "SELECT count(*) FROM nudges WHERE state = 0"), 3);
  fake_api api;
  api.start();
  faulty_bot f(db, api.url());
  f.fail->claims = true;
  // They come due while claims fail: retried, not lost, not sent.
  BOOST_TEST(eventually([&] { return f.fail->failures.load() >= 2; }, 10s));
  BOOST_TEST(api.calls_to("sendMessage").empty());
  f.fail->claims = false;
  BOOST_TEST(eventually([&] { return sends_per_chat(api).size() == 3u; }, 15s));
  std::this_thread::sleep_for(500ms);
  for (const auto& [chat, n] : sends_per_chat(api)) BOOST_TEST(n == 1, "chat " << chat);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM nudges WHERE state = 1") == 3);
}

BOOST_AUTO_TEST_CASE(a_migration_that_fails_is_refused_clearly_and_changes_nothing) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  {
    // Version 1, plus a table in the way of version 2's.
    sqlite::database d(db);
    d.exec(std::string(sqlite::migrations()[0]));
    d.exec("PRAGMA user_version = 1");
    d.exec("CREATE TABLE interviews (in_the_way INTEGER)");
    d.exec(
        "INSERT INTO users (platform, platform_user_id, chat_id, timezone, conversation, "
        "created_at, updated_at) VALUES ('telegram', '7', '7', 'UTC', '{}', 0, 0)");
  }
  fake_api api;
  api.start();
  app a(test_config(db, api.url()));
  try {
    a.start();
    BOOST_FAIL("the server started on a database it could not migrate");
  } catch (const startup_error& e) {
    BOOST_TEST(std::string(e.what()).find("cannot open the store") != std::string::npos, e.what());
  }
  // The failed migration was rolled back: same version, same data.
  BOOST_TEST(scalar(db, "PRAGMA user_version") == 1);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM users") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
