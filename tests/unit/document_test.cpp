// One analysis of a message: tokens with offsets, clauses, speech acts and tense.
#include <boost/test/unit_test.hpp>

#include <ostream>

#include "bot/conversation/nlu/document.hpp"

using namespace followup::nlu;

namespace followup::nlu {
std::ostream& operator<<(std::ostream& os, speech_act a) {
  static constexpr const char* names[] = {"question", "request", "statement"};
  return os << names[static_cast<int>(a)];
}
std::ostream& operator<<(std::ostream& os, tense t) {
  static constexpr const char* names[] = {"none", "past", "future", "mixed"};
  return os << names[static_cast<int>(t)];
}
}  // namespace followup::nlu

namespace {

std::vector<std::string> words(const document& d) {
  std::vector<std::string> out;
  for (const auto& t : d.tokens) {
    if (t.kind != token_kind::punct) out.push_back(t.s);
  }
  return out;
}

std::vector<std::string> clauses(const document& d) {
  std::vector<std::string> out;
  for (const auto& c : d.clauses) out.emplace_back(d.slice(c));
  return out;
}

std::vector<speech_act> acts(const document& d) {
  std::vector<speech_act> out;
  for (const auto& c : d.clauses) out.push_back(c.act);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_analysis)

BOOST_AUTO_TEST_CASE(tokens_keep_offsets_into_the_text) {
  auto d = analyse("Called Jane’s mobile — no answer 😬 résumé w/ HR");
  std::vector<std::string> expected{"called", "jane's", "mobile", "no",      "answer",
                                    "<emoji>", "resume", "w/",    "hr"};
  BOOST_TEST(words(d) == expected, boost::test_tools::per_element());
  for (const auto& t : d.tokens) {
    BOOST_TEST(t.begin < t.end);
    BOOST_TEST(t.end <= d.text.size());
  }
  BOOST_TEST(d.tokens[0].capital);
  BOOST_TEST(d.slice(0, 1) == "Called");
  // The dash is punctuation of its own; curly apostrophes stay inside the word.
  BOOST_TEST(std::string(d.slice(1, 2)) == "Jane’s");
}

BOOST_AUTO_TEST_CASE(other_scripts_are_one_marker_and_bad_bytes_separate_words) {
  auto d = analyse("你好吗 ok\xff" "fine");
  std::vector<std::string> expected{"<foreign>", "ok", "fine"};
  BOOST_TEST(words(d) == expected, boost::test_tools::per_element());
  BOOST_TEST(analyse("").clauses.empty());
  BOOST_TEST(analyse("   \n\t ").clauses.empty());
}

BOOST_AUTO_TEST_CASE(w_slash_o_is_one_word) {
  auto d = analyse("went w/o a card, zoom w/Acme");
  auto w = words(d);
  BOOST_TEST(w[1] == "w/o");
  BOOST_TEST(w[5] == "w/");
  BOOST_TEST(w[6] == "acme");
}

BOOST_AUTO_TEST_CASE(sentences_end_at_marks_but_not_at_abbreviations_or_numbers) {
  auto d = analyse("Met Mr. Park at 2.30 p.m. today. She said call Friday! Should I?");
  auto c = clauses(d);
  BOOST_REQUIRE_EQUAL(c.size(), 3u);
  BOOST_TEST(c[0] == "Met Mr. Park at 2.30 p.m. today");
  BOOST_TEST(c[1] == "She said call Friday");
  BOOST_TEST(c[2] == "Should I");
}

BOOST_AUTO_TEST_CASE(clauses_split_where_a_new_thing_starts) {
  auto d = analyse("No reminders after 8pm please, and I'm in Toronto now");
  auto c = clauses(d);
  BOOST_REQUIRE_EQUAL(c.size(), 2u);
  BOOST_TEST(c[1] == "and I'm in Toronto now");
  // A name and its title stay together.
  BOOST_TEST(analyse("Just finished at Harbor Labs with Tom Lee, the ops manager").clauses.size() ==
             1u);
  // A question that starts mid-line without punctuation.
  auto q = analyse("rang 3x no answer what do i do now");
  BOOST_REQUIRE_EQUAL(q.clauses.size(), 2u);
  BOOST_TEST(q.clauses[1].act == speech_act::question);
}

BOOST_AUTO_TEST_CASE(speech_acts_without_question_marks) {
  BOOST_TEST(acts(analyse("should i call her again")) ==
             std::vector<speech_act>{speech_act::question});
  BOOST_TEST(acts(analyse("not sure whether to send a card")) ==
             std::vector<speech_act>{speech_act::question});
  BOOST_TEST(acts(analyse("rang her a second time at lunch, straight to voicemail")) ==
             std::vector<speech_act>{speech_act::statement});
  BOOST_TEST(acts(analyse("stop the reminders")) == std::vector<speech_act>{speech_act::request});
  BOOST_TEST(acts(analyse("when I called, nobody answered")) ==
             (std::vector<speech_act>{speech_act::statement, speech_act::statement}));
  // "I called twice, should I try again?": a report, then the question.
  auto d = analyse("I called twice, should I try again?");
  BOOST_TEST(acts(d) ==
             (std::vector<speech_act>{speech_act::statement, speech_act::question}));
  // "Email or a card, and how soon?": both ask.
  auto two = analyse("Email or handwritten card, and how fast does it need to go out?");
  BOOST_TEST(acts(two) ==
             (std::vector<speech_act>{speech_act::question, speech_act::question}));
}

BOOST_AUTO_TEST_CASE(tense_of_clauses) {
  BOOST_TEST(analyse("interviewed at Acme this morning").clauses[0].time == tense::past);
  BOOST_TEST(analyse("walking out of the interview, it is done").clauses[0].time == tense::past);
  BOOST_TEST(analyse("I've got a second interview on Friday").clauses[0].time == tense::future);
  BOOST_TEST(analyse("interview at Acme tomorrow").clauses[0].time == tense::future);
}

BOOST_AUTO_TEST_CASE(bounded_on_huge_input) {
  std::string huge;
  for (int i = 0; i < 5000; ++i) huge += "call me. ";
  auto d = analyse(huge);
  BOOST_TEST(d.text.size() <= document::max_bytes);
  BOOST_TEST(d.tokens.size() <= document::max_tokens);
  BOOST_TEST(d.clauses.size() <= document::max_clauses);
  // Cut at a character boundary: no half UTF-8 sequence left at the end.
  std::string accents;
  for (int i = 0; i < 6000; ++i) accents += "é";
  auto a = analyse(accents);
  BOOST_TEST((static_cast<unsigned char>(a.text.back()) & 0xC0) == 0x80);
  BOOST_TEST(a.text.size() % 2 == 0);
}

BOOST_AUTO_TEST_SUITE_END()
