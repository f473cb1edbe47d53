// Reminder planning (pure), claiming (real SQLite) and the scheduler actor under a fake clock.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/time_format.hpp"
#include "bot/conversation/nudge_plan.hpp"
#include "bot/scheduler/scheduler.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/project_rules.hpp"
#include "tests/support/seed_users.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using followup::testing::temp_dir;
using namespace std::chrono_literals;
using std::chrono::local_days;
using std::chrono::year;

namespace {

const date::time_zone& new_york() {
  return *nlu::find_zone("America/New_York");
}

sys_time ny(local_days day, int hour, int minute = 0) {
  return local_instant(new_york(), day, std::chrono::hours(hour) + std::chrono::minutes(minute));
}

const local_days monday{year{2026} / 11 / 16};

interview sample(interview_status status = interview_status::awaiting_decision) {
  interview i;
  i.id = 1;
  i.company = "Acme";
  i.at = ny(monday, 11);
  i.at_has_time = true;
  i.status = status;
  i.people = {person{"Jane Smith", "recruiter", "", std::nullopt, ""}};
  return i;
}

user_state user_with(std::vector<interview> list) {
  user_state u;
  u.platform = "telegram";
  u.id = "7";
  u.chat_id = "7";
  u.timezone = "America/New_York";
  u.interviews = std::move(list);
  return u;
}

std::optional<sys_time> due_of(const std::vector<planned_nudge>& plan, std::string_view kind) {
  for (const auto& p : plan) {
    if (p.kind == kind) return p.due;
  }
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_plan)

BOOST_AUTO_TEST_CASE(each_kind_from_the_state) {
  etiquette_numbers n;
  // Scheduled for tomorrow 2pm: prepare an hour before, thank that evening, move on a week on.
  auto ahead = sample(interview_status::scheduled);
  ahead.at = ny(monday + std::chrono::days(1), 14);
  auto plan = plan_nudges(user_with({ahead}), n);
  BOOST_TEST((due_of(plan, "interview_prep") == ny(monday + std::chrono::days(1), 13)));
  BOOST_TEST((due_of(plan, "thank_you") == ny(monday + std::chrono::days(1), 19)));
  BOOST_TEST((due_of(plan, "move_on") == ny(monday + std::chrono::days(8), 10)));
  BOOST_TEST(!due_of(plan, "call_day"));

  // A handwritten note chosen: the mail reminder instead of the evening one.
  auto mail = sample();
  mail.thank_you_plan = "handwritten";
  plan = plan_nudges(user_with({mail}), n);
  BOOST_TEST(!due_of(plan, "thank_you"));
  BOOST_TEST((due_of(plan, "thank_you_mail") == mail.at + 24h));

  // Everyone thanked; "call me Saturday" means Monday at 10; a call-back after no answer.
  auto calls = sample();
  calls.people[0].thanked_at = calls.at;
  calls.call_on = local_days{year{2026} / 11 / 21};
  plan = plan_nudges(user_with({calls}), n);
  BOOST_TEST(!due_of(plan, "thank_you"));
  BOOST_TEST((due_of(plan, "call_day") == ny(local_days{year{2026} / 11 / 23}, 10)));
  // The week of silence counts from the call day.
  BOOST_TEST((due_of(plan, "move_on") == ny(local_days{year{2026} / 11 / 30}, 10)));
  calls.contact_log.push_back(
      contact{ny(local_days{year{2026} / 11 / 23}, 10), "call", "no_answer", "", ""});
  calls.unanswered = 1;
  plan = plan_nudges(user_with({calls}), n);
  BOOST_TEST(!due_of(plan, "call_day"));
  BOOST_TEST((due_of(plan, "call_back") == ny(local_days{year{2026} / 11 / 24}, 10)));
  calls.unanswered = 3;  // past the limit of 2 call-backs
  BOOST_TEST(!due_of(plan_nudges(user_with({calls}), n), "call_back"));
}

// "They'll decide by Friday" and nothing comes: a call the next business day at the call hour.
BOOST_AUTO_TEST_CASE(a_decision_day_that_passes_in_silence_plans_a_call) {
  etiquette_numbers n;
  auto i = sample();
  i.people[0].thanked_at = i.at;
  i.decision_by = local_days{year{2026} / 11 / 20};  // a Friday
  auto plan = plan_nudges(user_with({i}), n);
  BOOST_TEST((due_of(plan, "call_day") == ny(local_days{year{2026} / 11 / 23}, 10)));
  // A call made after the decision day settles it.
  i.contact_log.push_back(
      contact{ny(local_days{year{2026} / 11 / 23}, 11), "call", "spoke", "", ""});
  BOOST_TEST(!due_of(plan_nudges(user_with({i}), n), "call_day"));
  // A day to call that they gave comes first; the decision day adds no second call_day.
  auto both = sample();
  both.people[0].thanked_at = both.at;
  both.decision_by = local_days{year{2026} / 11 / 18};
  both.call_on = local_days{year{2026} / 11 / 19};
  plan = plan_nudges(user_with({both}), n);
  BOOST_TEST(std::count_if(plan.begin(), plan.end(),
                           [](const planned_nudge& p) { return p.kind == "call_day"; }) == 1);
  BOOST_TEST((due_of(plan, "call_day") == ny(local_days{year{2026} / 11 / 19}, 10)));
}

BOOST_AUTO_TEST_CASE(nothing_for_closed_interviews_or_when_reminders_are_off) {
  etiquette_numbers n;
  BOOST_TEST(plan_nudges(user_with({sample(interview_status::offer)}), n).empty());
  auto u = user_with({sample()});
  u.settings.nudges_on = false;
  BOOST_TEST(plan_nudges(u, n).empty());
}

BOOST_AUTO_TEST_CASE(quiet_hours_snooze_and_the_chosen_time) {
  etiquette_numbers n;
  auto u = user_with({sample()});
  u.settings.quiet_start_minutes = 18 * 60;
  u.settings.quiet_end_minutes = 8 * 60;
  BOOST_TEST((due_of(plan_nudges(u, n), "thank_you") == ny(monday + std::chrono::days(1), 8)));
  u.settings = user_settings{};
  u.settings.remind_minutes = 9 * 60;
  u.interviews[0].people[0].thanked_at = u.interviews[0].at;
  u.interviews[0].call_on = monday + std::chrono::days(2);
  BOOST_TEST((due_of(plan_nudges(u, n), "call_day") == ny(monday + std::chrono::days(2), 9)));
  u.interviews[0].snoozed_until = monday + std::chrono::days(4);
  BOOST_TEST((due_of(plan_nudges(u, n), "call_day") == ny(monday + std::chrono::days(4), 9)));
}

BOOST_AUTO_TEST_CASE(quiet_hours_wrap_midnight_and_survive_dst) {
  user_settings s;  // 21:00-08:00
  const auto& tz = new_york();
  BOOST_TEST((outside_quiet_hours(ny(monday, 20, 59), tz, s) == ny(monday, 20, 59)));
  BOOST_TEST((outside_quiet_hours(ny(monday, 22), tz, s) == ny(monday + std::chrono::days(1), 8)));
  BOOST_TEST((outside_quiet_hours(ny(monday, 6), tz, s) == ny(monday, 8)));
  s.quiet_start_minutes = 12 * 60;  // a daytime window
  s.quiet_end_minutes = 14 * 60;
  BOOST_TEST((outside_quiet_hours(ny(monday, 13), tz, s) == ny(monday, 14)));
  // The night the clocks go back (1 November 2026): 8 AM is EST, 13:00 UTC.
  user_settings night;
  auto late = ny(local_days{year{2026} / 10 / 31}, 23);
  BOOST_TEST(format_iso(outside_quiet_hours(late, tz, night), tz) == "2026-11-01T08:00:00-05:00");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// Stores one user with the interview and lets the engine's planner decide the reminders.
void store_user(store& s, const std::string& id, interview i, sys_time now) {
  followup::testing::seed_users(
      s, {id}, [&](const std::string&) { return std::vector<interview>{i}; }, now,
      etiquette_numbers::from(project_rules()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_claims)

BOOST_AUTO_TEST_CASE(due_reminders_are_claimed_once_and_several_become_one_message) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  auto i = sample();
  i.call_on = monday + std::chrono::days(2);
  store_user(*s, "7", i, ny(monday, 12));
  BOOST_TEST((s->next_nudge_due() == ny(monday, 19)));
  BOOST_TEST(claim_due(*s, project_rules(), ny(monday, 18, 59)).empty());
  auto evening = claim_due(*s, project_rules(), ny(monday, 19));
  BOOST_REQUIRE_EQUAL(evening.size(), 1u);
  BOOST_TEST(evening[0].text.find("Jane Smith") != std::string::npos);
  BOOST_TEST((evening[0].priority == outbox_priority::nudge));
  BOOST_TEST(evening[0].chat_id == "7");
  BOOST_TEST(claim_due(*s, project_rules(), ny(monday, 19)).empty());  // never twice
  // Down until Friday: the call day and nothing else came due; one message.
  auto later = claim_due(*s, project_rules(), ny(monday + std::chrono::days(9), 12));
  BOOST_REQUIRE_EQUAL(later.size(), 1u);
  BOOST_TEST(later[0].text.find("\n• ") != std::string::npos, later[0].text);
  auto u = s->find_user("telegram", "7");
  int sent = 0;
  for (const auto& n : u->nudges) sent += n.state == nudge_state::sent;
  BOOST_TEST(sent == 3);  // thank_you, call_day, move_on
  BOOST_TEST(!s->next_nudge_due().has_value());
}

BOOST_AUTO_TEST_CASE(a_backlog_is_claimed_in_batches) {
  temp_dir dir;
  auto s = open_sqlite_store(dir.file("bot.db"));
  for (int u = 0; u < 600; ++u) store_user(*s, std::to_string(u), sample(), ny(monday, 12));
  auto rows = claim_due(*s, project_rules(), ny(monday, 20), 64);
  BOOST_TEST(rows.size() == 600u);
  std::set<std::string> chats;
  for (const auto& r : rows) chats.insert(r.chat_id);
  BOOST_TEST(chats.size() == 600u);
  BOOST_TEST(s->outbox_depth() == 600);
}

BOOST_AUTO_TEST_CASE(the_actor_wakes_when_due_and_when_told) {
  temp_dir dir;
  manual_clock clk(ny(monday, 12));
  store_worker worker(open_sqlite_store(dir.file("bot.db")), clk);
  knowledge_ref brain(project_knowledge());
  net::io_context ioc;
  std::mutex m;
  std::vector<outbox_row> queued;
  std::promise<void> first;
  scheduler sched(ioc, worker, brain, clk, [&](std::vector<outbox_row> rows) {
    std::lock_guard lock(m);
    bool was_empty = queued.empty();
    queued.insert(queued.end(), rows.begin(), rows.end());
    if (was_empty && !queued.empty()) first.set_value();
  });
  auto add = [&](store& s) {
    store_user(s, "7", sample(), ny(monday, 12));
    return 0;
  };
  std::thread io([&] {
    auto guard = net::make_work_guard(ioc);
    ioc.run();
  });
  auto added = net::co_spawn(ioc, worker.run(add), net::use_future);
  added.get();
  sched.start();
  std::this_thread::sleep_for(100ms);
  {
    std::lock_guard lock(m);
    BOOST_TEST(queued.empty());  // due at 19:00, it is noon
  }
  clk.set(ny(monday, 19, 1));
  sched.notify();  // as the wall clock moving would, within max_sleep
  BOOST_TEST((first.get_future().wait_for(5s) == std::future_status::ready));
  sched.notify();
  std::this_thread::sleep_for(100ms);
  {
    std::lock_guard lock(m);
    BOOST_TEST(queued.size() == 1u);
  }
  sched.stop();
  ioc.stop();
  io.join();
  worker.stop();
}

BOOST_AUTO_TEST_SUITE_END()
