// The intent reader over real rules: several intents per message, speech acts as evidence,
// the asking clause weighing most, and questions outside the bot's field.
#include <boost/test/unit_test.hpp>

#include "bot/engine/engine.hpp"
#include "tests/support/project_rules.hpp"

using namespace followup;
using namespace followup::testing;

namespace {

understanding read(std::string_view text) {
  inbound m;
  m.text = std::string(text);
  return understand(*project_knowledge(), m);
}

std::vector<std::string> intents(const understanding& u) {
  std::vector<std::string> out;
  for (const auto& i : u.intents) out.push_back(i.intent);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reader)

BOOST_AUTO_TEST_CASE(a_report_and_a_question_are_both_read) {
  auto u = read(
      "Just finished at Harbor Labs with Tom Lee, the ops manager. Is email ok for the "
      "thank-you or should I mail a card?");
  BOOST_TEST(intents(u) == (std::vector<std::string>{"register_interview", "ask_channel"}),
             boost::test_tools::per_element());
  BOOST_TEST(u.intent == "ask_channel");
  BOOST_REQUIRE_EQUAL(u.steps.size(), 2u);
  // Each step reads its own part: the registration has the company, not the channels asked.
  BOOST_TEST(u.steps[0].entities["company"] == "Harbor Labs");
  BOOST_TEST(!u.steps[0].entities.contains("channel"));
  BOOST_TEST(u.steps[1].question);
}

BOOST_AUTO_TEST_CASE(two_settings_in_one_message) {
  auto u = read("No reminders after 8pm please, and I'm in Toronto now");
  BOOST_TEST(intents(u) == std::vector<std::string>{"nudge_settings"},
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(u.steps.size(), 2u);
  BOOST_TEST(!u.steps[0].place);
  BOOST_TEST(u.steps[1].place);
  BOOST_TEST(u.steps[1].entities["timezone"] == "America/Toronto");
}

BOOST_AUTO_TEST_CASE(reports_are_logged_questions_answered) {
  BOOST_TEST(read("rang her a second time at lunch, straight to voicemail").intent == "log_call");
  BOOST_TEST(read("tried Dev again, no pick up").intent == "log_call");
  BOOST_TEST(read("she didn't pick up, should I ring her again?").intent == "ask_call_again");
  BOOST_TEST(read("I DM'd him a thank-you on Instagram").intent == "log_thank_you");
  BOOST_TEST(read("can I send my thank-you on Instagram?").intent == "ask_channel");
}

BOOST_AUTO_TEST_CASE(the_asking_sentence_weighs_most) {
  auto u = read(
      "Final round was on the 3rd and the panel said I'd know within a week or so. I emailed "
      "the coordinator on the 12th, nothing back. She gave me her direct line. Would it be "
      "pushy to phone her tomorrow?");
  BOOST_TEST(u.intent == "ask_call");
}

BOOST_AUTO_TEST_CASE(questions_outside_the_field_are_recognised) {
  for (auto text : {"how do I negotiate a higher salary once they make the offer?",
                    "what should I wear to a second interview at a bank",
                    "who should I put down as my references?",
                    "will the background check show a caution from ten years ago?",
                    "how do I explain a two year gap on my CV"}) {
    auto u = read(text);
    BOOST_TEST(u.intent == "unknown", text << " -> " << u.intent);
    BOOST_TEST(!u.unreadable);
  }
  auto g = read("asdkjh qwpoeiru zmxncb");
  BOOST_TEST(g.intent == "unknown");
  BOOST_TEST(g.unreadable);
}

BOOST_AUTO_TEST_CASE(a_greeting_does_not_hide_what_follows) {
  auto u = read("Hi! I had my interview at Fernwood Bakery this morning with Ana Silva.");
  BOOST_TEST(u.intent == "register_interview");
}

BOOST_AUTO_TEST_CASE(dates_told_while_registering_stay_with_the_registration) {
  auto u = read("Interviewed at Acme today at 11 with Jane. She said they'd decide by Friday.");
  BOOST_TEST(u.intent == "register_interview");
  BOOST_REQUIRE_EQUAL(u.steps.size(), 1u);
  // Reported as carried, handled by the registration.
  BOOST_TEST(intents(u) == (std::vector<std::string>{"register_interview", "set_follow_up_date"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(confidence_is_a_probability_and_reading_is_deterministic) {
  knowledge again(project_knowledge()->rules_data);
  for (auto text : {"call again?", "how late is too late for a thank you", "stop reminders",
                    "Got the offer! thanks for everything"}) {
    auto a = read(text);
    inbound m;
    m.text = text;
    auto b = understand(again, m);
    BOOST_TEST(a.intent == b.intent);
    BOOST_TEST(a.confidence == b.confidence);
    BOOST_TEST(a.confidence > 0.0);
    BOOST_TEST(a.confidence <= 1.0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
