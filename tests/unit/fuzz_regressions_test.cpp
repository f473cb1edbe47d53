// Inputs the fuzz targets once crashed on (tests/fuzz/regressions/<target>/), replayed through
// the same parsers in the ordinary builds, with the expectations the targets check.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>

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
}  // namespace

BOOST_AUTO_TEST_SUITE(fuzz_regressions)

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
