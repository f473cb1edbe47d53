// Inputs the fuzz targets once crashed on (tests/fuzz/regressions/<target>/), replayed through
// the same parsers in the ordinary builds, with the expectations the targets check.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>

#include "bot/platforms/slack/events.hpp"
#include "bot/platforms/telegram/update.hpp"
#include "bot/stories/story.hpp"

namespace fs = std::filesystem;
using namespace followup;

namespace {
std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void story_file_parses_or_says_why(const std::string& text) {
  std::string error;
  std::optional<std::vector<story>> stories;
  BOOST_REQUIRE_NO_THROW(stories = parse_stories(text, "regression.yaml", error));
  BOOST_TEST((stories.has_value() || !error.empty()));
}
void telegram_update_parses_or_is_ignored(const std::string& body) {
  auto parsed = telegram::parse_update(body);
  BOOST_TEST((parsed.message.has_value() || !parsed.ignored.empty()));
}

void slack_event_parses_or_is_ignored(const std::string& body) {
  auto e = slack::parse_event(body);
  BOOST_TEST((e.message.has_value() || !e.ignored.empty() || !e.challenge.empty()));
}
}  // namespace

BOOST_AUTO_TEST_SUITE(fuzz_regressions)

// A date is seconds; one beyond any calendar overflowed when made milliseconds (UBSan: signed
// overflow in the chrono conversion). It is now no date at all: the message is still read.
BOOST_AUTO_TEST_CASE(a_message_date_out_of_any_range_is_ignored_not_overflowed) {
  for (const char* date :
       {"179600055555555000", "-9223372036854775808", "9223372036854775807", "-1"}) {
    auto tg = telegram::parse_update(
        std::string(R"({"update_id":5,"message":{"message_id":1,"from":{"id":7,"is_bot":false},)") +
        R"("chat":{"id":7,"type":"private"},"text":"hi","date":)" + date + "}}");
    BOOST_REQUIRE(tg.message.has_value());
    BOOST_TEST(tg.message->sent_at.time_since_epoch().count() == 0);
    auto sl = slack::parse_event(
        std::string(R"({"type":"event_callback","event_id":"Ev1","event_time":)") + date +
        R"(,"event":{"type":"message","channel_type":"im","user":"U1","channel":"D1","text":"hi"}})");
    BOOST_REQUIRE(sl.message.has_value());
    BOOST_TEST(sl.message->sent_at.time_since_epoch().count() == 0);
  }
  auto ok = telegram::parse_update(
      R"({"update_id":5,"message":{"message_id":1,"from":{"id":7,"is_bot":false},"chat":{"id":7,"type":"private"},"text":"hi","date":1796000000}})");
  BOOST_TEST(ok.message->sent_at.time_since_epoch().count() == 1'796'000'000'000);
}

BOOST_AUTO_TEST_CASE(story_files_that_are_not_a_map_are_refused_with_a_message) {
  for (const char* text :
       {"just a sentence", "- a\n- b\n", "42", "stories: 5", "stories:\n  x: 1\n"}) {
    std::string error;
    BOOST_TEST(!parse_stories(text, "bad.yaml", error).has_value(), text);
    BOOST_TEST(error.find("bad.yaml") == 0, error);
  }
}

BOOST_AUTO_TEST_CASE(every_committed_crash_input_is_handled) {
  const std::map<std::string, std::function<void(const std::string&)>> replay = {
      {"stories", story_file_parses_or_says_why},
      {"telegram_update", telegram_update_parses_or_is_ignored},
      {"slack_event", slack_event_parses_or_is_ignored},
  };
  fs::path dir = fs::path(FOLLOWUP_SOURCE_DIR) / "tests/fuzz/regressions";
  int replayed = 0;
  for (const auto& target : fs::directory_iterator(dir)) {
    auto it = replay.find(target.path().filename().string());
    BOOST_REQUIRE_MESSAGE(it != replay.end(), "no replay for " << target.path());
    for (const auto& input : fs::directory_iterator(target.path())) {
      BOOST_TEST_CONTEXT(input.path()) {
        it->second(read_all(input.path()));
      }
      ++replayed;
    }
  }
  BOOST_TEST(replayed >= 1);
}

BOOST_AUTO_TEST_SUITE_END()
