// `followup-bot stories FILE...`: conversation stories under a virtual clock, each with the real
// engine, rules, scheduler and a fresh SQLite database.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <date/tz.h>

#include "bot/cli/commands.hpp"
#include "bot/cli/local_time.hpp"
#include "bot/cli/rules_loading.hpp"
#include "bot/config.hpp"
#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/text.hpp"
#include "bot/log.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/stories/session.hpp"
#include "bot/stories/story.hpp"

namespace followup::cli {

namespace {

namespace fs = std::filesystem;

// A directory removed at scope exit.
struct scratch_dir {
  fs::path path;
  scratch_dir() {
    std::string templ = (fs::temp_directory_path() / "followup-story-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary directory");
    path = templ;
  }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// "2026-11-16T13:00" in `tz`.
std::optional<sys_time> parse_local(const std::string& text, const date::time_zone& tz) {
  auto r = cli::parse_local(text);
  if (!r) return std::nullopt;
  return local_instant(tz, r->day, r->time_of_day.value_or(std::chrono::minutes(0)));
}

// "3d", "2h", "30m", "1w", "45s".
std::optional<std::chrono::milliseconds> parse_wait(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  long long n = 0;
  try {
    std::size_t used = 0;
    n = std::stoll(text.substr(0, text.size() - 1), &used);
    if (used != text.size() - 1 || n < 0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  using namespace std::chrono;
  switch (unit) {
    case 's':
      return seconds(n);
    case 'm':
      return minutes(n);
    case 'h':
      return hours(n);
    case 'd':
      return hours(24 * n);
    case 'w':
      return hours(24 * 7 * n);
  }
  return std::nullopt;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

struct runner {
  std::shared_ptr<const knowledge> brain;
  std::string file;
  int passed = 0, failed = 0;

  // Runs one story; prints the first failing step.
  void run(const story& st) {
    std::string failure;
    try {
      failure = play(st);
    } catch (const std::exception& e) {
      failure = std::string("error: ") + e.what();
    }
    if (failure.empty()) {
      ++passed;
      std::printf("ok    %s\n", st.name.c_str());
    } else {
      ++failed;
      std::printf("FAIL  %s (%s:%d)\n      %s\n", st.name.c_str(), file.c_str(), st.line,
                  failure.c_str());
    }
  }

  std::string play(const story& st) {
    const auto* tz = nlu::find_zone(st.timezone);
    if (!tz) return "unknown time zone '" + st.timezone + "'";
    auto start = parse_local(st.start, *tz);
    if (!start) return "start '" + st.start + "' is not YYYY-MM-DDTHH:MM";
    scratch_dir dir;
    auto db = (dir.path / "story.db").string();
    session s(
        brain, [db] { return open_sqlite_store(db); }, st.timezone, *start);
    int index = 0;
    for (const auto& step : st.steps) {
      ++index;
      auto where = "step " + std::to_string(index) + " (line " + std::to_string(step.line) + ")";
      std::string got_text, got_intent;
      std::vector<std::string> got_intents;
      std::vector<std::string> kinds;
      if (step.user) {
        auto r = s.say(*step.user);
        got_text = r.text();
        got_intent = r.intent;
        got_intents = r.intents;
        where += " \"" + *step.user + "\"";
      } else if (step.wait || step.until) {
        sys_time target;
        if (step.wait) {
          auto d = parse_wait(*step.wait);
          if (!d) return where + ": wait '" + *step.wait + "' is not like 3d, 2h, 30m";
          target = s.now() + *d;
        } else {
          auto t = parse_local(*step.until, *tz);
          if (!t) return where + ": until '" + *step.until + "' is not YYYY-MM-DDTHH:MM";
          target = *t;
        }
        for (const auto& n : s.run_until(target)) {
          kinds.push_back(n.kind);
          if (got_text.find(n.text) == std::string::npos) got_text += n.text + "\n";
        }
      } else if (step.restart) {
        s.restart();
      } else if (step.down) {
        // Time passes with nobody claiming reminders; then the server comes back.
        auto d = parse_wait(*step.down);
        if (!d) return where + ": down '" + *step.down + "' is not like 3d, 2h, 30m";
        s.set_time(s.now() + *d);
        s.restart();
      }

      // A message that carries several intents passes when it carried the one expected.
      if (step.intent && *step.intent != got_intent &&
          std::find(got_intents.begin(), got_intents.end(), *step.intent) == got_intents.end()) {
        auto got = got_intent;
        for (const auto& i : got_intents) {
          if (i != got_intent) got += "+" + i;
        }
        return where + ": expected intent " + *step.intent + ", got " + got + " (reply: \"" +
               got_text + "\")";
      }
      for (const auto& want : step.reply) {
        if (nlu::ascii_lower(got_text).find(nlu::ascii_lower(want)) == std::string::npos) {
          return where + ": expected \"" + want + "\" in \"" + got_text + "\"";
        }
      }
      for (const auto& unwanted : step.reply_lacks) {
        if (nlu::ascii_lower(got_text).find(nlu::ascii_lower(unwanted)) != std::string::npos) {
          return where + ": did not expect \"" + unwanted + "\" in \"" + got_text + "\"";
        }
      }
      if (step.nudges && *step.nudges != kinds) {
        return where + ": expected nudges " + list(*step.nudges) + ", got " + list(kinds);
      }
      if (step.nudges_include) {
        for (const auto& k : *step.nudges_include) {
          if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) {
            return where + ": expected nudge " + k + " among " + list(kinds);
          }
        }
      }
      if (step.state) {
        auto doc = s.exported();
        for (const auto& [pointer, expected] : step.state->items()) {
          nlohmann::json got;
          try {
            got = doc.at(nlohmann::json::json_pointer(pointer));
          } catch (const std::exception&) {
            return where + ": " + pointer + " not in the export: " + doc.dump();
          }
          if (got != expected) {
            return where + ": " + pointer + " expected " + expected.dump() + ", got " + got.dump();
          }
        }
      }
    }
    return {};
  }
};

}  // namespace

int stories(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fprintf(stderr, "stories: usage: stories FILE...\n");
    return 2;
  }
  std::string error;
  auto cfg = load_config("", error);
  if (!cfg) {
    std::fprintf(stderr, "stories: %s\n", error.c_str());
    return 2;
  }
  auto r = load_rules_or_explain("stories", cfg->rules_dir);
  if (!r) return 2;
  log::set_min_level(log::level::warn);
  auto brain = std::make_shared<const knowledge>(std::move(*r));
  int passed = 0, failed = 0;
  for (const auto& file : args) {
    auto list = load_stories(file, error);
    if (!list) {
      std::printf("FAIL  %s\n", error.c_str());
      ++failed;
      continue;
    }
    runner run{brain, file};
    for (const auto& st : *list) run.run(st);
    passed += run.passed;
    failed += run.failed;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace followup::cli
