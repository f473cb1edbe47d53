#include <boost/test/unit_test.hpp>

#include "bot/engine/engine.hpp"
#include "bot/conversation/nlu/classifier.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "bot/conversation/nlu/normalize.hpp"
#include "bot/conversation/nlu/phrase_index.hpp"
#include "tests/support/project_rules.hpp"

using namespace followup;
using namespace followup::testing;
using namespace followup::nlu;

namespace {
nlohmann::json entities(std::string_view text) {
  return extract_entities(text, sys_time{}, nullptr);
}

understanding read(const knowledge& k, std::string_view text) {
  inbound m;
  m.text = std::string(text);
  return understand(k, m);
}

// The project's reader, as `classify` uses it.
struct project_reader {
  understanding classify(std::string_view text) const { return read(*project_knowledge(), text); }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(nlu)

BOOST_AUTO_TEST_CASE(normalisation_folds_unicode_contractions_and_chat_words) {
  const auto& lex = project_knowledge()->rules_data.abbreviations;
  auto t = tokenize("They DIDN’T pick up rn — call again tmrw?? 😬", lex);
  std::vector<std::string> expected{"they", "did",  "not",   "pick",     "up",     "right",
                                    "now",  "call", "again", "tomorrow", "<emoji>"};
  BOOST_TEST(t == expected, boost::test_tools::per_element());
  BOOST_TEST(tokenize("Café résumé", lex) == (std::vector<std::string>{"cafe", "resume"}),
             boost::test_tools::per_element());
  BOOST_TEST(tokenize("I rang her 3 times", lex) ==
                 (std::vector<std::string>{"i", "called", "her", "<num>", "times"}),
             boost::test_tools::per_element());
  BOOST_TEST(tokenize("\x01\x02\x7f", lex).empty());
  BOOST_TEST(tokenize("你好吗", lex) == std::vector<std::string>{"<foreign>"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tokenize_is_bounded) {
  std::string huge;
  for (int i = 0; i < 5000; ++i) huge += "word ";
  BOOST_TEST(tokenize(huge, {}).size() <= 200u);
}

BOOST_AUTO_TEST_CASE(spelling_tolerates_one_edit) {
  spelling s;
  for (auto w : {"recruiter", "interview", "voicemail", "thank"}) s.add(w);
  BOOST_TEST(s.correct("recuiter") == "recruiter");    // deletion
  BOOST_TEST(s.correct("intervview") == "interview");  // insertion
  BOOST_TEST(s.correct("voicenail") == "voicemail");   // substitution
  BOOST_TEST(s.correct("itnerview") == "interview");   // transposition
  BOOST_TEST(s.correct("xyzzy") == "xyzzy");           // nothing close
  BOOST_TEST(s.correct("thnk") == "thank");
  BOOST_TEST(s.correct("thk") == "thk");  // words under four letters are left alone
}

BOOST_AUTO_TEST_CASE(classifies_the_core_questions) {
  const project_reader c;
  BOOST_TEST(c.classify("they didnt pick up, call again??").intent == "ask_call_again");
  BOOST_TEST(c.classify("Should I send a thank-you note after my interview?").intent ==
             "ask_thank_you");
  BOOST_TEST(c.classify("can I text my thank you to the recruiter").intent == "ask_channel");
  BOOST_TEST(c.classify("what do i say if i get her voicemail").intent == "ask_voicemail");
  BOOST_TEST(c.classify("hi").intent == "greet");
  BOOST_TEST(c.classify("ty!!").intent == "thanks");
  auto u = c.classify("interviewed at Acme today 2pm with Jane, she said call her in 4 days");
  BOOST_TEST((u.intent == "register_interview" || u.intent == "set_follow_up_date"), u.intent);
  BOOST_TEST(u.confidence > 0.0);
  BOOST_TEST(u.confidence <= 1.0);
  BOOST_TEST(!u.second_intent.empty());
  BOOST_TEST(u.second_intent != u.intent);
}

BOOST_AUTO_TEST_CASE(training_is_deterministic) {
  knowledge again(project_knowledge()->rules_data);
  for (auto text : {"call again?", "how late is too late for a thank you", "stop reminders"}) {
    auto a = read(*project_knowledge(), text);
    auto b = read(again, text);
    BOOST_TEST(a.intent == b.intent);
    BOOST_TEST(a.confidence == b.confidence);
  }
}

BOOST_AUTO_TEST_CASE(bad_input_is_unknown_not_a_crash) {
  const project_reader c;
  BOOST_TEST(c.classify("").intent == "unknown");
  BOOST_TEST(c.classify("😀😀😀").intent == "unknown");
  BOOST_TEST(c.classify("\x01\x02\x03").intent == "unknown");
  BOOST_TEST(c.classify("\xff\xfe\xfd invalid utf8").confidence >= 0.0);
  BOOST_TEST(c.classify(std::string(4000, 'a')).confidence >= 0.0);
  BOOST_TEST(c.classify("这是什么").intent == "unknown");
  auto e = entities(std::string(4000, 'A') + " at Acme");
  BOOST_TEST(e.is_object());
}

// Random messages built from the characters that parsers trip over: every call must return,
// quickly, whatever the input.
BOOST_AUTO_TEST_CASE(random_input_always_returns) {
  const std::vector<std::string> pieces{"-",
                                        " - ",
                                        "'",
                                        "&",
                                        ".",
                                        ",",
                                        "/",
                                        ":",
                                        "(",
                                        ")",
                                        " ",
                                        "  ",
                                        "\n",
                                        "\t",
                                        "\x01",
                                        "\xff",
                                        "\xe2\x80\x99",
                                        "\xf0\x9f\x98\x80",
                                        "\xc3",
                                        "a",
                                        "Acme",
                                        "at",
                                        "with",
                                        "the",
                                        "recruiter",
                                        "hiring",
                                        "mgr",
                                        "Jane",
                                        "Smith",
                                        "11/12",
                                        "4pm",
                                        "at 10",
                                        "tmrw",
                                        "next",
                                        "tuesday",
                                        "in",
                                        "4",
                                        "days",
                                        "twice",
                                        "3",
                                        "times",
                                        "no answer",
                                        "voicemail",
                                        "offer",
                                        "Dec",
                                        "3rd",
                                        "by",
                                        "end of the week",
                                        "ago",
                                        "12/31/2026",
                                        "2:30",
                                        "noon",
                                        "a week from now",
                                        "0",
                                        "99999999999"};
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  const auto* tz = find_zone("America/New_York");
  BOOST_REQUIRE(tz);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    auto n = next() % 25;
    for (std::size_t k = 0; k < n; ++k) text += pieces[next() % pieces.size()];
    auto e = extract_entities(text, from_millis(1'800'000'000'000), tz);
    BOOST_REQUIRE(e.is_object());
    auto u = read(*project_knowledge(), text);
    BOOST_REQUIRE(u.confidence >= 0.0);
  }
}

BOOST_AUTO_TEST_CASE(company_from_at_and_with) {
  BOOST_TEST(entities("interviewed at Acme today 2pm")["company"] == "Acme");
  BOOST_TEST(entities("had an interview with Globex Corp on monday")["company"] == "Globex Corp");
  BOOST_TEST(entities("interview at acme tomorrow")["company"] == "Acme");
  BOOST_TEST(!entities("I was at home all day").contains("company"));
  BOOST_TEST(!entities("call me at 10")["company"].is_string());
  BOOST_TEST(entities("Interviewed at Kestrel Labs with Raj Patel")["company"] == "Kestrel Labs");
}

BOOST_AUTO_TEST_CASE(people_and_titles) {
  auto e = entities(
      "Interviewed at Acme today with Jane Smith (recruiter) and Bob Lee, the hiring manager.");
  BOOST_REQUIRE(e.contains("people"));
  auto people = e["people"];
  BOOST_TEST(people.size() == 2u);
  BOOST_TEST(people[0]["name"] == "Jane Smith");
  BOOST_TEST(people[0]["title"] == "recruiter");
  BOOST_TEST(people[1]["name"] == "Bob Lee");
  BOOST_TEST(people[1]["title"] == "hiring manager");
  auto raj = entities("spoke to hiring mgr raj yesterday")["people"];
  BOOST_REQUIRE(raj.is_array());
  BOOST_TEST(raj[0]["name"] == "Raj");
  BOOST_TEST(raj[0]["title"] == "hiring manager");
  auto jane = entities("Jane Smith, the recruiter, said call her friday")["people"];
  BOOST_TEST(jane[0]["title"] == "recruiter");
  BOOST_TEST(entities("Maria from HR emailed me")["people"][0]["title"] == "HR");
}

BOOST_AUTO_TEST_CASE(channels) {
  BOOST_TEST(entities("can i text my thank you")["channel"] == "text");
  BOOST_TEST(entities("is a handwritten card too old fashioned")["channel"] == "handwritten");
  BOOST_TEST(entities("should I email or send a note by snail mail")["channel"] == "email");
  BOOST_TEST(entities("should I email or send a note by snail mail")["channels"].size() == 2u);
  BOOST_TEST(entities("thank them on LinkedIn?")["channel"] == "social");
  BOOST_TEST(entities("should I phone her")["channel"] == "phone");
  BOOST_TEST(!entities("I got their business cards").contains("channel"));
}

BOOST_AUTO_TEST_CASE(counts) {
  BOOST_TEST(entities("I called twice")["count"] == 2);
  BOOST_TEST(entities("rang 3 times already")["count"] == 3);
  BOOST_TEST(entities("called three times")["count"] == 3);
  BOOST_TEST(entities("tried once")["count"] == 1);
  BOOST_TEST(!entities("I met 2 people").contains("count"));
}

BOOST_AUTO_TEST_CASE(call_outcomes) {
  BOOST_TEST(entities("they didnt pick up")["call_outcome"] == "no_answer");
  BOOST_TEST(entities("no answer again")["call_outcome"] == "no_answer");
  BOOST_TEST(entities("went to vm, left a message")["call_outcome"] == "voicemail");
  BOOST_TEST(entities("spoke with Jane, she said next week")["call_outcome"] == "spoke");
}

BOOST_AUTO_TEST_CASE(interview_outcomes) {
  BOOST_TEST(entities("I got the offer!!")["outcome"] == "offer");
  BOOST_TEST(entities("they went with another candidate")["outcome"] == "rejected");
  BOOST_TEST(entities("I withdrew my application at Initech")["outcome"] == "withdrew");
  BOOST_TEST(entities("I'm moving on from Acme")["outcome"] == "moved_on");
}

BOOST_AUTO_TEST_CASE(phrase_index_matches_whole_word_sequences) {
  phrase_index x;
  x.add("no answer", 1);
  x.add("left a message", 2);
  x.add("offer", 3);
  x.add("did not pick up", 4);
  x.add("no answer again", 5);
  using v = std::vector<int>;
  BOOST_TEST(x.find({"no", "answer"}) == v({1}));
  BOOST_TEST(x.find({"no", "answer", "again"}) == v({1, 5}));
  BOOST_TEST(x.find({"i", "left", "a", "message", "and", "left", "a", "message"}) == v({2}));
  // Whole words only: "offers" is not "offer", "answer" alone is not "no answer".
  BOOST_TEST(x.find({"two", "offers"}).empty());
  BOOST_TEST(x.find({"answer", "no"}).empty());
  BOOST_TEST(x.find({"left", "a"}).empty());  // a phrase cut off by the end of the text
  // A token holding several words (a lexicon expansion) is matched word by word.
  BOOST_TEST(x.find({"they", "did not", "pick", "up"}) == v({4}));
  BOOST_TEST(x.find({}).empty());
}

BOOST_AUTO_TEST_CASE(only_the_export_needs_the_reminders) {
  inbound m;
  m.has_text = true;
  m.text = "/export";
  BOOST_TEST(needs_reminders(m));
  m.text = "/export@FollowUpBot";
  BOOST_TEST(needs_reminders(m));
  m.text = "can I export my data?";
  BOOST_TEST(!needs_reminders(m));
  m.text = "/status";
  BOOST_TEST(!needs_reminders(m));
  m.has_text = false;
  m.text = "/export";
  BOOST_TEST(!needs_reminders(m));
}

// Companies as people name them: "&", "and", "of", "w/", "the X interview"; titles as written.
BOOST_AUTO_TEST_CASE(company_names_with_connectors) {
  BOOST_TEST(entities("interviewed at Barnes & Noble today")["company"] == "Barnes & Noble");
  BOOST_TEST(entities("Had my interview with the Bank of Montreal this morning")["company"] ==
             "Bank of Montreal");
  BOOST_TEST(entities("second interview at Marsh and Pike Solicitors on Friday")["company"] ==
             "Marsh and Pike Solicitors");
  // "and" only joins a name that ends like a company: here it joins two things.
  BOOST_TEST(entities("interviewed at Acme and Jane said call her")["company"] == "Acme");
  BOOST_TEST(entities("zoom w/ Northgate Freight tmrw at 9")["company"] == "Northgate Freight");
  BOOST_TEST(entities("walking out of the Halden Robotics interview now")["company"] ==
             "Halden Robotics");
  BOOST_TEST(entities("the Kestrel interview is done")["company"] == "Kestrel");
  BOOST_TEST(!entities("the final interview is done").contains("company"));
  BOOST_TEST(entities("I interviewed at AT&T yesterday")["company"] == "AT&T");
}

BOOST_AUTO_TEST_CASE(titles_as_written) {
  auto hr = entities("Interviewed at Hollis & Grant Partners with Meera Shah, HR");
  BOOST_TEST(hr["people"][0]["title"] == "HR");
  BOOST_TEST(entities("met Tom Fletcher (VP of Lending) at the bank")["people"][0]["title"] ==
             "VP of Lending");
  BOOST_TEST(entities("with Eleanor Price, Head of HR")["people"][0]["title"] == "Head of HR");
  BOOST_TEST(entities("spoke to the hr manager Dana")["people"][0]["title"] == "HR manager");
  BOOST_TEST(entities("w/ their CTO Ivan Petrov")["people"][0]["title"] == "CTO");
  // A verb at the start of a sentence is no name.
  auto saw = entities("Saw the hiring manager at Quayside Books this afternoon");
  BOOST_TEST(!saw.contains("people"));
}

BOOST_AUTO_TEST_CASE(counts_are_of_calls) {
  BOOST_TEST(!entities("left my number twice, nice and slowly").contains("count"));
  BOOST_TEST(entities("rang her twice, no answer")["count"] == 2);
  BOOST_TEST(entities("3 calls and nothing")["count"] == 3);
  BOOST_TEST(entities("didn't get the Carrow & Sons job")["outcome"] == "rejected");
  BOOST_TEST(entities("her answerphone again")["call_outcome"] == "voicemail");
  BOOST_TEST(entities("called back again, still nothing")["call_outcome"] == "no_answer");
}

BOOST_AUTO_TEST_CASE(role) {
  BOOST_TEST(entities("interview for the Data Analyst role at Acme")["role"] == "Data Analyst");
}

BOOST_AUTO_TEST_SUITE_END()
