// Reminders through the real server binary: killed with SIGKILL while reminders and replies are
// in flight, restarted, each reminder reaches the fake Bot API exactly once.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/conversation/nudge_plan.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/seed_users.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {

// `users` Telegram users with one interview each, an hour ahead (so its reminders are planned
// and stored); returns their chat ids.
std::vector<std::string> seed(const std::string& path, int users, sys_time now) {
  auto s = open_sqlite_store(path);
  std::vector<std::string> chats;
  for (int u = 0; u < users; ++u) chats.push_back(std::to_string(1000 + u));
  seed_users(
      *s, chats,
      [now](const std::string&) { return std::vector<interview>{acme_interview(now + 1h)}; }, now,
      etiquette_numbers{}, "UTC");
  return chats;
}

void exec(const std::string& path, const std::string& sql) {
  sqlite::database db(path);
  db.exec(sql);
}

std::map<std::string, int> nudges_per_chat(const fake_api& api) {
  std::map<std::string, int> count;
  for (const auto& c : api.calls_to("sendMessage")) {
    auto body = nlohmann::json::parse(c.body, nullptr, false);
    if (body.is_discarded()) continue;
    auto text = body.value("text", "");
    // Reminders of this test are thank-you evenings; the replies say "pending reply".
    if (text.find("pending reply") != std::string::npos) continue;
    count[body["chat_id"].is_string() ? body["chat_id"].get<std::string>()
                                      : body["chat_id"].dump()]++;
  }
  return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nudges_end_to_end, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(kill_9_with_reminders_in_flight_then_restart_sends_each_once) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  auto now = followup::system_clock{}.now();
  auto chats = seed(db, 20, now - 1min);
  // One reminder each: due a minute ago for the first ten, an hour ahead for the others
  // (they come due while the bot is down).
  exec(db, "UPDATE nudges SET state = 2 WHERE kind != 'thank_you'");
  exec(db, "UPDATE nudges SET due_at = " + std::to_string(to_millis(now - 1min)) +
               " WHERE state = 0 AND user_id <= 10");
  exec(db, "UPDATE nudges SET due_at = " + std::to_string(to_millis(now + 1h)) +
               " WHERE state = 0 AND user_id > 10");
  // And replies waiting in the outbox for five of them.
  {
    auto s = open_sqlite_store(db);
    for (int k = 0; k < 5; ++k) {
      outbox_row r;
      r.platform = "telegram";
      r.chat_id = chats[static_cast<std::size_t>(k)];
      r.text = "pending reply " + std::to_string(k);
      r.not_before = r.created_at = now;
      s->enqueue(r);
    }
  }

  fake_api api;
  // The API holds every answer for a while: the kill lands while requests are in flight.
  api.set_default(api_reply{200, R"({"ok":true,"result":{}})", {}, 3000ms});
  auto api_port = api.start();
  auto bot_port = free_port();
  auto env = serve_env(bot_port, db, api_port);
  {
    child_process bot(FOLLOWUP_BOT_BINARY, {"serve"}, env, dir.file("bot1.log"));
    BOOST_REQUIRE(wait_healthy(bot_port, 30000));
    // The five replies went first (and were answered after 3 s); the ten due reminders are at
    // the API, five of them still waiting for their answer.
    BOOST_REQUIRE(api.wait_for("sendMessage", 15, 10s));
    bot.kill(SIGKILL);
    BOOST_TEST(bot.wait(5000) == 128 + SIGKILL);
  }
  BOOST_TEST(nudges_per_chat(api).size() == 10u);
  api.set_default(api_reply{});
  // The other ten come due while the bot is down (moved by hand: however slow the build, none
  // of them may come due before the kill).
  exec(db, "UPDATE nudges SET due_at = " +
               std::to_string(to_millis(followup::system_clock{}.now() - 1s)) +
               " WHERE state = 0 AND user_id > 10");
  child_process bot(FOLLOWUP_BOT_BINARY, {"serve"}, env, dir.file("bot2.log"));
  BOOST_REQUIRE(wait_healthy(bot_port, 30000));
  // Every chat gets its reminder: the ten due before the kill were at the API already (or
  // in flight and counted as sent), the ten that came due while it was down go out now.
  eventually([&] { return nudges_per_chat(api).size() >= 20u; }, 15s);
  std::this_thread::sleep_for(1s);  // time for a second copy to show, if there were one
  auto per_chat = nudges_per_chat(api);
  BOOST_TEST(per_chat.size() == 20u);
  for (const auto& [chat, n] : per_chat) BOOST_TEST(n == 1, "chat " << chat << " got " << n);
  // Replies are at-least-once: a reply cut off would have gone out again.
  int replies = 0;
  for (const auto& c : api.calls_to("sendMessage")) {
    replies += c.body.find("pending reply") != std::string::npos;
  }
  BOOST_TEST(replies >= 5);
  // Nothing left to send, and the store agrees.
  BOOST_TEST(scalar(db, "SELECT count(*) FROM nudges WHERE state = 1") == 20);
  bot.kill(SIGTERM);
  BOOST_TEST(bot.wait(10000) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
