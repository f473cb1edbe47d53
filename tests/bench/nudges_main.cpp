// Reminder benchmark (tests/bench/README.md, "Reminders"):
//   1. schedule: USERS users with two interviews each, planned and stored through the same
//      transaction path as live messages (about ten reminders per user): time, rate, peak RSS,
//      database size; then how long finding the next due reminder and claiming a batch take.
//   2. deliver: DUE users with one reminder due now, the real server (in this process) paced at
//      RATE (Telegram's 30 msg/s overall, 1/s per chat) against a fake Bot API on loopback:
//      time until every reminder reached the API, and the highest rate seen in any second.
// Usage: followup-bench-nudges [USERS] [DUE] [RATE]   (defaults 100000 10000 30:1)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "bot/app.hpp"
#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/log.hpp"
#include "bot/conversation/nudge_plan.hpp"
#include "bot/scheduler/scheduler.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/seed_users.hpp"

using namespace followup;
using std::chrono::days;
using std::chrono::duration;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(steady_clock::time_point t0) {
  return duration<double>(steady_clock::now() - t0).count();
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

const rules& project_rules() {
  static const rules r = [] {
    std::vector<rules_error> errors;
    auto dir = find_rules_dir("");
    auto loaded = load_rules(dir ? *dir : "rules", errors);
    if (!loaded) throw std::runtime_error("rules do not load");
    return *loaded;
  }();
  return r;
}

interview make_interview(int id, sys_time at, int salt) {
  interview i;
  i.id = id;
  i.company = "Company " + std::to_string(salt % 997);
  i.at = at;
  i.at_has_time = true;
  i.status = interview_status::awaiting_decision;
  i.people = {person{"Jane Smith", "recruiter", "", std::nullopt, ""},
              person{"Bob Lee", "", "", std::nullopt, ""}};
  i.call_on = local_day(*nlu::find_zone("America/New_York"), at) + days(3 + salt % 4);
  i.contact_log.push_back(contact{at, "call", "no_answer", "Jane Smith", ""});
  i.unanswered = 1;
  i.calls = 1;
  return i;
}

std::vector<std::string> ids(int n) {
  std::vector<std::string> out;
  for (int u = 0; u < n; ++u) out.push_back(std::to_string(u));
  return out;
}

void schedule_phase(const fs::path& dir, int users) {
  auto path = (dir / "schedule.db").string();
  auto s = open_sqlite_store(path);
  auto numbers = etiquette_numbers::from(project_rules());
  auto now = followup::system_clock{}.now();
  auto t0 = steady_clock::now();
  testing::seed_users(
      *s, ids(users),
      [&](const std::string& id) {
        int u = std::stoi(id);
        // Two interviews ahead in the coming weeks: five reminders each (prepare, thank, call
        // day, call-back, move on), spread over the next month.
        std::vector<interview> list;
        for (int k = 1; k <= 2; ++k) {
          // In office hours, so no reminder falls into quiet hours and drops out.
          const auto& tz = *nlu::find_zone("America/New_York");
          auto day = local_day(tz, now) + days(1 + (u * 7 + k * 13) % 20);
          auto i = make_interview(k, local_instant(tz, day, hours(9 + k * 2)), u + k);
          i.status = interview_status::scheduled;
          list.push_back(std::move(i));
        }
        return list;
      },
      now, numbers);
  double took = seconds_since(t0);
  sqlite::database db(path);
  auto q = db.prepare("SELECT count(*) FROM nudges WHERE state = 0");
  q.step();
  auto pending = q.column_int(0);
  std::printf(
      "schedule: %d users, %lld reminders pending, stored in %.1f s "
      "(%.0f reminders/s), peak RSS %ld MB, database %.0f MB\n",
      users, static_cast<long long>(pending), took, pending / took, peak_rss_mb(),
      static_cast<double>(fs::file_size(path)) / 1e6);

  t0 = steady_clock::now();
  std::optional<sys_time> next;
  for (int k = 0; k < 1000; ++k) next = s->next_nudge_due();
  std::printf("next due: %.1f us per lookup with %lld pending\n", seconds_since(t0) * 1e3,
              static_cast<long long>(pending));
  // Claim everything due in the first ten minutes, as the scheduler would when it comes.
  auto at = *next + std::chrono::minutes(10);
  t0 = steady_clock::now();
  auto rows = claim_due(*s, project_rules(), at);
  took = seconds_since(t0);
  std::printf(
      "claim: %zu messages for the reminders due in the first ten minutes, in %.2f s "
      "(%.0f/s), peak RSS %ld MB\n",
      rows.size(), took, rows.size() / took, peak_rss_mb());
}

void deliver_phase(const fs::path& dir, int due_users, const std::string& rate) {
  auto path = (dir / "deliver.db").string();
  auto now = followup::system_clock{}.now();
  {
    auto s = open_sqlite_store(path);
    // One reminder each, all due within the same minute: a thank-you evening for everyone.
    testing::seed_users(
        *s, ids(due_users),
        [&](const std::string&) {
          interview i;
          i.id = 1;
          i.company = "Acme";
          i.at = now - hours(3);
          i.at_has_time = true;
          i.people = {person{"Jane Smith", "recruiter", "", std::nullopt, ""}};
          return std::vector<interview>{i};
        },
        now - hours(1), etiquette_numbers::from(project_rules()));
    // Make exactly one reminder per user due in this minute.
    sqlite::database db(path);
    db.exec("UPDATE nudges SET state = 2 WHERE kind != 'move_on'");
    db.exec("UPDATE nudges SET due_at = " + std::to_string(to_millis(now) - 30000) +
            " WHERE state = 0");
  }
  testing::fake_api api(false);
  api.start();
  config cfg;
  cfg.listen_port = 0;
  cfg.db = path;
  cfg.telegram_token = "123:BENCH";
  cfg.telegram_secret = "bench";
  cfg.telegram_api = api.url();
  cfg.web_chat = false;
  if (!parse_send_rate(rate, cfg.rate)) throw std::runtime_error("bad rate " + rate);
  app bot(cfg);
  bot.start();
  auto t0 = steady_clock::now();
  std::thread runner([&] { bot.run(false); });
  std::map<long, std::uint64_t> per_second;
  std::uint64_t seen = 0;
  while (seen < static_cast<std::uint64_t>(due_users) && seconds_since(t0) < 3600) {
    std::this_thread::sleep_for(milliseconds(100));
    auto c = api.count();
    per_second[static_cast<long>(seconds_since(t0))] += c - seen;
    seen = c;
  }
  double took = seconds_since(t0);
  std::uint64_t peak = 0;
  for (const auto& [sec, n] : per_second) peak = std::max(peak, n);
  bot.stop();
  runner.join();
  std::printf(
      "deliver: %d reminders due in one minute, all %llu at the API after %.1f s "
      "(%.1f/s; busiest second %llu, limit %s), peak RSS %ld MB\n",
      due_users, static_cast<unsigned long long>(seen), took, seen / took,
      static_cast<unsigned long long>(peak), rate.c_str(), peak_rss_mb());
}

}  // namespace

int main(int argc, char** argv) {
  int users = argc > 1 ? std::stoi(argv[1]) : 100000;
  int due = argc > 2 ? std::stoi(argv[2]) : 10000;
  std::string rate = argc > 3 ? argv[3] : "30:1";
  log::set_min_level(log::level::warn);
  auto dir = fs::temp_directory_path() / ("followup-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  try {
    if (users > 0) schedule_phase(dir, users);
    if (due > 0) deliver_phase(dir, due, rate);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench: %s\n", e.what());
    fs::remove_all(dir);
    return 1;
  }
  fs::remove_all(dir);
  return 0;
}
