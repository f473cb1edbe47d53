#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_migrations.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using followup::testing::temp_dir;

namespace {
sys_time t0() {
  return from_millis(1'800'000'000'000);
}

inbound_job job(const std::string& update_id, const std::string& user,
                std::vector<std::string> replies) {
  inbound_job j;
  j.message.platform = "telegram";
  j.message.update_id = update_id;
  j.message.user_id = user;
  j.message.chat_id = user;
  j.message.text = "hi";
  j.default_timezone = "Europe/Berlin";
  j.decide = [replies](const inbound&, const user_state& u) {
    effects fx;
    fx.replies = replies;
    auto conv = u.conversation;
    conv["turns"] = conv.value("turns", 0) + 1;
    fx.conversation = conv;
    return fx;
  };
  return j;
}

inbound_job change(const std::string& update_id, const std::string& user,
                   std::function<void(effects&, const user_state&)> edit) {
  inbound_job j = job(update_id, user, {"ok"});
  j.decide = [edit](const inbound&, const user_state& u) {
    effects fx;
    fx.replies = {"ok"};
    edit(fx, u);
    return fx;
  };
  return j;
}

interview sample(int id, const std::string& company) {
  interview i;
  i.id = id;
  i.company = company;
  i.role = "Analyst";
  i.at = t0() - std::chrono::hours(30);
  i.at_has_time = true;
  i.decision_by = std::chrono::local_days{std::chrono::year{2027} / 1 / 15};
  i.people = {person{"Jane Smith", "recruiter", "email", t0(), "email"},
              person{"Bob Lee", "", "", std::nullopt, ""}};
  i.calls = 2;
  i.voicemails = 1;
  i.unanswered = 2;
  i.contact_log = {contact{t0(), "call", "voicemail", "Jane Smith", ""},
                   contact{t0(), "recruiter_said", "", "", "call me friday"}};
  i.created_at = t0();
  return i;
}

std::int64_t count(const std::string& path, const std::string& table) {
  sqlite::database db(path);
  auto s = db.prepare("SELECT count(*) FROM " + table);
  s.step();
  return s.column_int(0);
}

int user_version(const std::string& path) {
  sqlite::database db(path);
  auto s = db.prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.column_int(0));
}
}  // namespace

BOOST_AUTO_TEST_SUITE(store_sqlite)

BOOST_AUTO_TEST_CASE(migrations_create_the_newest_schema_in_wal_mode) {
  temp_dir dir;
  auto path = dir.file("nested/dir/bot.db");
  { auto s = open_sqlite_store(path); }
  BOOST_TEST(user_version(path) == static_cast<int>(sqlite::migrations().size()));
  sqlite::database db(path);
  auto mode = db.prepare("PRAGMA journal_mode");
  mode.step();
  BOOST_TEST(mode.column_text(0) == "wal");
}

BOOST_AUTO_TEST_CASE(reopening_keeps_data_and_does_not_migrate_again) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  {
    auto s = open_sqlite_store(path);
    std::vector<inbound_job> jobs{job("1", "42", {"hello"})};
    s->apply_inbound(jobs, {}, t0());
  }
  auto s = open_sqlite_store(path);
  auto u = s->find_user("telegram", "42");
  BOOST_REQUIRE(u.has_value());
  BOOST_TEST(u->timezone == "Europe/Berlin");
  BOOST_TEST(u->conversation["turns"].get<int>() == 1);
  BOOST_TEST(s->outbox_depth() == 1);
}

BOOST_AUTO_TEST_CASE(refuses_a_database_from_a_newer_version) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  {
    sqlite::database db(path);
    db.exec("PRAGMA user_version = 999");
  }
  BOOST_CHECK_THROW(open_sqlite_store(path), sqlite::error);
}

BOOST_AUTO_TEST_CASE(a_redelivered_update_is_a_duplicate_with_no_effects) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  std::vector<inbound_job> first{job("7", "42", {"a", "b"})};
  auto out = s->apply_inbound(first, {}, t0());
  BOOST_TEST(!out[0].duplicate);
  BOOST_TEST(out[0].queued.size() == 2u);
  std::vector<inbound_job> again{job("7", "42", {"a", "b"}), job("8", "42", {"c"})};
  out = s->apply_inbound(again, {}, t0());
  BOOST_TEST(out[0].duplicate);
  BOOST_TEST(out[0].queued.empty());
  BOOST_TEST(!out[1].duplicate);
  BOOST_TEST(s->outbox_depth() == 3);
  BOOST_TEST(s->find_user("telegram", "42")->conversation["turns"].get<int>() == 2);
}

BOOST_AUTO_TEST_CASE(a_failing_job_rolls_back_alone) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  std::vector<inbound_job> jobs{job("1", "1", {"ok"}), job("2", "2", {"lost"}),
                                job("3", "3", {"ok"})};
  jobs[1].decide = [](const inbound&, const user_state&) -> effects {
    throw std::logic_error("handler bug");
  };
  auto out = s->apply_inbound(jobs, {}, t0());
  BOOST_TEST(!out[0].failed);
  BOOST_TEST(out[1].failed);
  BOOST_TEST(!out[2].failed);
  BOOST_TEST(s->outbox_depth() == 2);
  BOOST_TEST(s->count_processed() == 2);  // update 2 can be delivered again
  BOOST_TEST(!s->find_user("telegram", "2").has_value());
}

BOOST_AUTO_TEST_CASE(outbox_rows_load_by_priority_and_record_outcomes) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  outbox_row nudge;
  nudge.platform = "telegram";
  nudge.chat_id = "9";
  nudge.text = "nudge";
  nudge.priority = outbox_priority::nudge;
  nudge.not_before = nudge.created_at = t0();
  auto nudge_id = s->enqueue(nudge);
  std::vector<inbound_job> jobs{job("1", "42", {"r1", "r2", "r3"})};
  auto outcomes = s->apply_inbound(jobs, {}, t0());
  std::vector<std::int64_t> ids;
  for (auto& r : outcomes[0].queued) ids.push_back(r.id);
  auto replies = s->load_outbox(outbox_priority::reply, 0, 10);
  BOOST_REQUIRE_EQUAL(replies.size(), 3u);
  BOOST_TEST(replies[0].text == "r1");
  BOOST_TEST(s->load_outbox(outbox_priority::reply, ids[0], 10).size() == 2u);
  BOOST_TEST(s->load_outbox(outbox_priority::nudge, 0, 10).at(0).id == nudge_id);

  std::vector<delivery> done{
      {ids[0], delivery_result::sent, 1, {}, ""},
      {ids[1], delivery_result::retry, 1, t0() + std::chrono::seconds(30), "500"},
      {ids[2], delivery_result::dead, 1, {}, "403"}};
  s->record_deliveries(done, t0());
  auto pending = s->load_outbox(outbox_priority::reply, 0, 10);
  BOOST_REQUIRE_EQUAL(pending.size(), 1u);
  BOOST_TEST(pending[0].id == ids[1]);
  BOOST_TEST(pending[0].attempts == 1);
  BOOST_TEST((pending[0].not_before == t0() + std::chrono::seconds(30)));
  BOOST_TEST(s->outbox_depth() == 2);  // the retry and the nudge
}

BOOST_AUTO_TEST_CASE(processed_ids_are_pruned_by_age) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  std::vector<inbound_job> old_jobs{job("1", "1", {}), job("2", "1", {})};
  s->apply_inbound(old_jobs, {}, t0() - std::chrono::hours(24 * 9));
  std::vector<inbound_job> new_jobs{job("3", "1", {})};
  s->apply_inbound(new_jobs, {}, t0());
  BOOST_TEST(s->prune_processed(t0() - std::chrono::hours(24 * 8)) == 2);
  BOOST_TEST(s->count_processed() == 1);
}

BOOST_AUTO_TEST_CASE(delivered_messages_are_pruned_after_a_week_pending_ones_never) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  auto s = open_sqlite_store(path);
  auto week_ago = t0() - std::chrono::hours(24 * 7);
  // Oldest first: sent, pending (a chat offline for long), dead, sent; then two recent sent.
  std::vector<std::int64_t> ids;
  auto add = [&](sys_time created) {
    outbox_row r;
    r.platform = "telegram";
    r.chat_id = "9";
    r.text = "hello";
    r.not_before = r.created_at = created;
    ids.push_back(s->enqueue(r));
  };
  for (int h : {300, 290, 280, 270}) add(t0() - std::chrono::hours(h));
  add(t0() - std::chrono::hours(2));
  add(t0() - std::chrono::hours(1));
  std::vector<delivery> done{{ids[0], delivery_result::sent, 1, {}, ""},
                             {ids[2], delivery_result::dead, 1, {}, "403"},
                             {ids[3], delivery_result::sent, 1, {}, ""},
                             {ids[4], delivery_result::sent, 1, {}, ""},
                             {ids[5], delivery_result::sent, 1, {}, ""}};
  s->record_deliveries(done, t0());

  // Two rows per call: the round goes on past the pending row and stops at the recent ones.
  auto first = s->prune_outbox(week_ago, 2);
  BOOST_TEST(first.removed == 1);  // the sent one; the pending one is stepped over
  BOOST_TEST(first.more);
  auto second = s->prune_outbox(week_ago, 2);
  BOOST_TEST(second.removed == 2);  // dead and sent
  BOOST_TEST(second.more);
  auto third = s->prune_outbox(week_ago, 2);
  BOOST_TEST(third.removed == 0);
  BOOST_TEST(!third.more);                 // reached the recent rows
  BOOST_TEST(count(path, "outbox") == 3);  // the old pending one and the two recent
  BOOST_TEST(s->outbox_depth() == 1);
  BOOST_TEST(s->load_outbox(outbox_priority::reply, 0, 10).at(0).id == ids[1]);
  // A new round starts from the oldest again and finds nothing more to remove.
  auto again = s->prune_outbox(week_ago, 100);
  BOOST_TEST(again.removed == 0);
  BOOST_TEST(!again.more);
}

BOOST_AUTO_TEST_CASE(interviews_round_trip_with_people_and_contact_log) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  auto s = open_sqlite_store(path);
  std::vector<inbound_job> jobs{change("1", "42", [](effects& fx, const user_state&) {
    auto later = sample(3, "Acme");
    later.round = 2;
    later.application = 1;
    fx.interviews = std::vector<interview>{sample(1, "Acme"), sample(2, "Globex"), later};
    user_settings set;
    set.nudges_on = false;
    set.timezone_asked = true;
    set.quiet_start_minutes = 22 * 60;
    fx.settings = set;
    fx.timezone = "America/Chicago";
  })};
  s->apply_inbound(jobs, {}, t0());
  auto u = s->find_user("telegram", "42");
  BOOST_REQUIRE(u.has_value());
  BOOST_REQUIRE_EQUAL(u->interviews.size(), 3u);
  BOOST_TEST((u->interviews[0] == sample(1, "Acme")));
  BOOST_TEST((u->interviews[1] == sample(2, "Globex")));
  // A later round keeps its number and its application.
  BOOST_TEST(u->interviews[2].round == 2);
  BOOST_TEST(u->interviews[2].application == 1);
  BOOST_TEST(u->interviews[0].round == 1);
  BOOST_TEST(u->interviews[0].application == 0);
  BOOST_TEST(u->timezone == "America/Chicago");
  BOOST_TEST(!u->settings.nudges_on);
  BOOST_TEST(u->settings.timezone_asked);
  BOOST_TEST(u->settings.quiet_start_minutes == 22 * 60);
  // The next message sees them, changes one and drops the other.
  std::vector<inbound_job> next{change("2", "42", [](effects& fx, const user_state& user) {
    BOOST_TEST(user.interviews.size() == 3u);
    auto list = user.interviews;
    list[0].status = interview_status::offer;
    list[0].people.pop_back();
    list.pop_back();
    list.pop_back();
    fx.interviews = list;
  })};
  s->apply_inbound(next, {}, t0());
  u = s->find_user("telegram", "42");
  BOOST_REQUIRE_EQUAL(u->interviews.size(), 1u);
  BOOST_TEST((u->interviews[0].status == interview_status::offer));
  BOOST_TEST(u->interviews[0].people.size() == 1u);
  BOOST_TEST(count(path, "people") == 1);
  BOOST_TEST(count(path, "contact_log") == 2);  // the other two went with them
}

BOOST_AUTO_TEST_CASE(forgetting_a_user_removes_everything_about_them) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  auto s = open_sqlite_store(path);
  std::vector<inbound_job> jobs{change("1", "42",
                                       [](effects& fx, const user_state&) {
                                         fx.interviews = std::vector<interview>{sample(1, "Acme")};
                                       }),
                                change("2", "43", [](effects& fx, const user_state&) {
                                  fx.interviews = std::vector<interview>{sample(1, "Initech")};
                                })};
  s->apply_inbound(jobs, {}, t0());
  std::vector<inbound_job> forget{
      change("3", "42", [](effects& fx, const user_state&) { fx.forget_user = true; })};
  auto out = s->apply_inbound(forget, {}, t0());
  BOOST_TEST(out[0].queued.size() == 1u);  // the "done" reply still goes out
  BOOST_TEST(!s->find_user("telegram", "42").has_value());
  BOOST_TEST(s->find_user("telegram", "43")->interviews.size() == 1u);
  BOOST_TEST(count(path, "interviews") == 1);
  BOOST_TEST(count(path, "people") == 2);
  BOOST_TEST(count(path, "contact_log") == 2);
  // A redelivery of the confirmation is still recognised.
  std::vector<inbound_job> again{
      change("3", "42", [](effects& fx, const user_state&) { fx.forget_user = true; })};
  BOOST_TEST(s->apply_inbound(again, {}, t0())[0].duplicate);
}

BOOST_AUTO_TEST_CASE(reminders_are_loaded_only_for_a_job_that_asks_for_them) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  std::vector<inbound_job> plan{change("1", "42", [](effects& fx, const user_state&) {
    fx.interviews = std::vector<interview>{sample(1, "Acme")};
    fx.nudges = std::vector<planned_nudge>{{1, "call_day", t0() + std::chrono::hours(48)},
                                           {1, "move_on", t0() + std::chrono::hours(240)}};
  })};
  BOOST_TEST(s->apply_inbound(plan, {}, t0())[0].nudges_added);
  std::size_t seen_without = 99, seen_with = 99, interviews_without = 99;
  std::vector<inbound_job> look{
      change("2", "42",
             [&](effects&, const user_state& u) {
               seen_without = u.nudges.size();
               interviews_without = u.interviews.size();
             }),
      change("3", "42", [&](effects&, const user_state& u) { seen_with = u.nudges.size(); })};
  look[0].with_reminders = false;
  s->apply_inbound(look, {}, t0());
  BOOST_TEST(seen_without == 0u);
  BOOST_TEST(interviews_without == 1u);  // the rest of the user is there as always
  BOOST_TEST(seen_with == 2u);
}

BOOST_AUTO_TEST_CASE(replies_go_where_asked_reminders_to_the_users_home_chat) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  // A Slack mention in a thread of channel C1 from user U1.
  std::vector<inbound_job> jobs{job("1", "U1", {"answer"})};
  jobs[0].message.platform = "slack";
  jobs[0].message.chat_id = "C1";
  jobs[0].message.home_chat = "U1";
  jobs[0].message.thread = "1515449000.000100";
  auto out = s->apply_inbound(jobs, {}, t0());
  BOOST_TEST(out[0].queued.at(0).chat_id == "C1");
  BOOST_TEST(out[0].queued.at(0).thread == "1515449000.000100");
  BOOST_TEST(s->load_outbox(outbox_priority::reply, 0, 10).at(0).thread == "1515449000.000100");
  BOOST_TEST(s->find_user("slack", "U1")->chat_id == "U1");
}

BOOST_AUTO_TEST_CASE(upgrading_a_skeleton_database_keeps_its_data) {
  temp_dir dir;
  auto path = dir.file("bot.db");
  {
    // Version 1 as the walking skeleton wrote it.
    sqlite::database db(path);
    db.exec(std::string(sqlite::migrations()[0]));
    db.exec("PRAGMA user_version = 1");
    db.exec(
        "INSERT INTO users (platform, platform_user_id, chat_id, timezone, conversation, "
        "created_at, updated_at) VALUES ('telegram', '7', '7', 'Europe/Paris', '{\"turns\":3}', "
        "0, 0)");
    db.exec(
        "INSERT INTO outbox (platform, chat_id, text, priority, not_before, created_at) VALUES "
        "('telegram', '7', 'pending reply', 0, 0, 0)");
  }
  auto s = open_sqlite_store(path);
  BOOST_TEST(user_version(path) == static_cast<int>(sqlite::migrations().size()));
  auto u = s->find_user("telegram", "7");
  BOOST_REQUIRE(u.has_value());
  BOOST_TEST(u->timezone == "Europe/Paris");
  BOOST_TEST(u->conversation["turns"].get<int>() == 3);
  BOOST_TEST(u->settings.nudges_on);
  BOOST_TEST(u->interviews.empty());
  BOOST_TEST(s->outbox_depth() == 1);
  std::vector<inbound_job> jobs{change("1", "7", [](effects& fx, const user_state&) {
    fx.interviews = std::vector<interview>{sample(1, "Acme")};
  })};
  s->apply_inbound(jobs, {}, t0());
  BOOST_TEST(s->find_user("telegram", "7")->interviews.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
