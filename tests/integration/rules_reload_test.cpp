#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void spit(const fs::path& p, const std::string& s) {
  std::ofstream(p) << s;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(rules_reload, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(sighup_reloads_valid_rules_and_keeps_the_old_ones_otherwise) {
  temp_dir dir;
  auto rules = dir.path() / "rules";
  fs::copy(FOLLOWUP_SOURCE_DIR "/rules", rules, fs::copy_options::recursive);
  fake_api api;
  api.start();
  auto port = free_port();
  child_process bot(FOLLOWUP_BOT_BINARY, {"serve"},
                    {"FOLLOWUP_LISTEN=127.0.0.1:" + std::to_string(port),
                     "FOLLOWUP_DB=" + dir.file("bot.db"), "FOLLOWUP_RULES=" + rules.string(),
                     "FOLLOWUP_TELEGRAM_TOKEN=1:T", "FOLLOWUP_TELEGRAM_SECRET=s3cret",
                     "FOLLOWUP_TELEGRAM_API=" + api.url(), "FOLLOWUP_SEND_RATE=0"},
                    dir.file("bot.log"));
  BOOST_REQUIRE(wait_healthy(port, 30000));
  http_test_client c("127.0.0.1", port);
  int update = 0;
  auto ask = [&](const std::string& text) {
    auto before = api.calls_to("sendMessage").size();
    c.request("POST", "/telegram/webhook", telegram_update(++update, 42, text),
              {{"X-Telegram-Bot-Api-Secret-Token", "s3cret"}});
    BOOST_REQUIRE(api.wait_for("sendMessage", before + 1, 5s));
    return nlohmann::json::parse(api.calls_to("sendMessage").back().body)["text"]
        .get<std::string>();
  };
  BOOST_TEST(ask("thanks!").find("RELOADED") == std::string::npos);

  // Every variant of the thanks reply becomes one recognisable sentence.
  auto replies = slurp(rules / "replies.yaml");
  replies = std::regex_replace(replies, std::regex("\n  thanks:\n(    - .*\n)+"),
                               "\n  thanks:\n    - \"RELOADED thanks text\"\n");
  spit(rules / "replies.yaml", replies);
  auto mentions = [&](const std::string& text) {
    return slurp(dir.file("bot.log")).find(text) != std::string::npos;
  };
  bot.kill(SIGHUP);
  BOOST_REQUIRE(eventually([&] { return mentions("rules reloaded"); }));
  BOOST_TEST(ask("thanks!").find("RELOADED") != std::string::npos);

  // A broken file is refused: the bot keeps answering with the rules it had.
  spit(rules / "replies.yaml", "replies: [not: valid\n");
  bot.kill(SIGHUP);
  BOOST_REQUIRE(eventually([&] { return mentions("rules reload refused"); }));
  BOOST_TEST(ask("thanks!").find("RELOADED") != std::string::npos);
  bot.kill(SIGTERM);
  BOOST_TEST(bot.wait(10000) == 0);
}

BOOST_AUTO_TEST_CASE(classify_prints_one_json_line_per_message) {
  temp_dir dir;
  spit(dir.file("in.txt"),
       "they didnt pick up, call again??\n\ninterview at Acme tomorrow 2pm with Jane Smith "
       "(recruiter)\nJust finished at Harbor Labs with Tom Lee. Is email ok for the thank-you?\n");
  auto cmd = std::string("FOLLOWUP_TIMEZONE=America/New_York ") + FOLLOWUP_BOT_BINARY +
             " classify < " + dir.file("in.txt") + " > " + dir.file("out.jsonl");
  BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
  std::ifstream out(dir.file("out.jsonl"));
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  BOOST_REQUIRE_EQUAL(lines.size(), 4u);
  for (const auto& l : lines) {
    BOOST_TEST(l.contains("text"));
    BOOST_TEST(l.contains("intent"));
    BOOST_TEST(l["confidence"].is_number());
    BOOST_TEST(l["entities"].is_object());
    BOOST_REQUIRE(l["intents"].is_array());
    BOOST_TEST(!l["intents"].empty());
  }
  // A mixed message: every intent it carries, in order; the question is the main one.
  BOOST_TEST(lines[3]["intents"] == nlohmann::json({"register_interview", "ask_channel"}));
  BOOST_TEST(lines[3]["intent"] == "ask_channel");
  BOOST_TEST(lines[0]["intent"] == "ask_call_again");
  BOOST_TEST(lines[0]["entities"]["call_outcome"] == "no_answer");
  BOOST_TEST(lines[1]["intent"] == "unknown");  // the empty line
  BOOST_TEST(lines[2]["intent"] == "register_interview");
  BOOST_TEST(lines[2]["entities"]["company"] == "Acme");
  BOOST_TEST(lines[2]["entities"]["people"][0]["name"] == "Jane Smith");
  BOOST_TEST(lines[2]["entities"]["dates"][0]["time"] == "14:00");
}

BOOST_AUTO_TEST_SUITE_END()
