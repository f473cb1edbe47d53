#include <boost/test/unit_test.hpp>

#include <fstream>

#include "bot/config.hpp"
#include "bot/engine/engine.hpp"
#include "bot/conversation/rules.hpp"
#include "handlers/registry.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using followup::testing::temp_dir;

namespace {
rules project_rules() {
  std::vector<rules_error> errors;
  auto r = load_rules(FOLLOWUP_SOURCE_DIR "/rules", errors);
  BOOST_REQUIRE_MESSAGE(r.has_value(), (errors.empty() ? "" : errors[0].text()));
  return *r;
}
void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(rules_and_config)

BOOST_AUTO_TEST_CASE(the_project_rules_are_valid_and_complete) {
  auto r = project_rules();
  BOOST_TEST(r.intents.size() == known_intents().size());
  for (const auto& key : required_reply_keys()) BOOST_TEST(r.replies.count(key) == 1u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_line) {
  temp_dir dir;
  write(dir.file("replies.yaml"), "replies:\n  greet:\n    - \"hi {name\"\n");
  write(dir.file("intents.yaml"),
        "intents:\n  greet:\n    examples: [hi]\n  bogus:\n    examples: [x]\n");
  std::vector<rules_error> errors;
  BOOST_TEST(!load_rules(dir.path().string(), errors).has_value());
  std::string all;
  for (const auto& e : errors) all += e.text() + "\n";
  BOOST_TEST(all.find("replies.yaml:3: reply 'greet' has unbalanced { }") != std::string::npos,
             all);
  BOOST_TEST(all.find("intents.yaml:4: unknown intent 'bogus'") != std::string::npos, all);
  BOOST_TEST(all.find("missing reply 'help'") != std::string::npos, all);
  BOOST_TEST(all.find("missing intent 'ask_call'") != std::string::npos, all);
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_have_a_line) {
  temp_dir dir;
  write(dir.file("replies.yaml"), "replies:\n  greet: [\"unterminated\n");
  write(dir.file("intents.yaml"), "intents: {}\n");
  std::vector<rules_error> errors;
  BOOST_TEST(!load_rules(dir.path().string(), errors).has_value());
  BOOST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].file.find("replies.yaml") != std::string::npos);
  BOOST_TEST(errors[0].line >= 2);
}

BOOST_AUTO_TEST_CASE(slots_are_filled_and_unknown_ones_left_alone) {
  BOOST_TEST(fill_slots("Hi {name}, see {company}.", {{"name", "Ann"}}) ==
             "Hi Ann, see {company}.");
}

BOOST_AUTO_TEST_CASE(handlers_answer_from_rules) {
  knowledge k(project_rules());
  inbound m;
  m.update_id = "1";
  m.user_name = "Ann";
  m.text = "hello";
  user_state user;
  user.is_new = true;
  auto meaning = understand(k, m);
  BOOST_TEST(meaning.intent == "greet");
  auto fx = respond(k, m, meaning, user, sys_time{});
  BOOST_REQUIRE_EQUAL(fx.replies.size(), 1u);
  BOOST_TEST(fx.replies[0].find("Ann") != std::string::npos);
  m.text = "\x01\x02  ";
  fx = respond(k, m, understand(k, m), user, sys_time{});
  BOOST_TEST(fx.replies[0] == k.rules_data.replies.at("empty")[0]);
  m.has_text = false;
  fx = respond(k, m, understand(k, m), user, sys_time{});
  BOOST_TEST(fx.replies[0] == k.rules_data.replies.at("non_text")[0]);
  BOOST_TEST(find_handler("no_such_intent") == &handle_unknown);
}

BOOST_AUTO_TEST_CASE(send_rate_and_listen_parse) {
  send_rate r;
  BOOST_TEST(parse_send_rate("30:1", r));
  BOOST_TEST(r.overall_per_second == 30);
  BOOST_TEST(r.per_chat_per_second == 1);
  BOOST_TEST(parse_send_rate("0", r));
  BOOST_TEST(!r.paced());
  BOOST_TEST(!parse_send_rate("fast", r));
  BOOST_TEST(!parse_send_rate("30:0", r));
  std::string host;
  std::uint16_t port = 0;
  BOOST_TEST(parse_listen("0.0.0.0:8443", host, port));
  BOOST_TEST(host == "0.0.0.0");
  BOOST_TEST(port == 8443);
  BOOST_TEST(!parse_listen("localhost", host, port));
  BOOST_TEST(!parse_listen("x:99999", host, port));
}

BOOST_AUTO_TEST_CASE(config_file_errors_name_the_line) {
  temp_dir dir;
  write(dir.file("bot.conf"), "# comment\nFOLLOWUP_DB=/tmp/x.db\nFOLLOWUP_SEND_RATE=oops\n");
  std::string error;
  BOOST_TEST(!load_config(dir.file("bot.conf"), error));
  BOOST_TEST(error.find("bot.conf:3") != std::string::npos, error);
}

BOOST_AUTO_TEST_SUITE_END()
