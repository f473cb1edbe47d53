// Many-turn conversations through the whole engine (classifier, entities, dialogue, handlers)
// and a real SQLite file, with a virtual clock: what a user types, what the bot remembers.
#include <boost/test/unit_test.hpp>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/stories/session.hpp"
#include "tests/support/project_rules.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using followup::testing::temp_dir;
using json = nlohmann::json;

namespace {

// Wednesday, November 18 2026, 2:00 PM in New York (UTC-5).
const sys_time wednesday_2pm = from_millis(1795028400000);

struct chat {
  temp_dir dir;
  session s;
  explicit chat(sys_time start = wednesday_2pm, std::string tz = "America/New_York")
      : s(
            project_knowledge(), [this] { return open_sqlite_store(dir.file("bot.db")); },
            std::move(tz), start) {}

  // Says `text`; the reply must contain every one of `expect` (case-insensitive).
  std::string say(const std::string& text, std::initializer_list<std::string> expect = {},
                  const std::string& intent = "") {
    auto r = s.say(text);
    auto low = lower(r.text());
    for (const auto& e : expect) {
      BOOST_TEST(low.find(lower(e)) != std::string::npos,
                 "\"" << text << "\" -> \"" << r.text() << "\" lacks \"" << e << "\"");
    }
    if (!intent.empty())
      BOOST_TEST(r.intent == intent, "\"" << text << "\" handled as " << r.intent);
    return r.text();
  }
  json doc() { return s.exported(); }
  json interview(std::size_t n) { return doc()["interviews"].at(n); }

  static std::string lower(std::string t) {
    for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(conversation)

BOOST_AUTO_TEST_CASE(one_message_registers_everything_then_the_time_zone_is_asked_once) {
  chat c;
  c.say(
      "Interviewed at Acme today 11am with Jane Smith (recruiter) and Bob Lee, the hiring "
      "manager. Jane said they'd decide by Friday.",
      {"saved", "Acme", "Jane Smith (recruiter)", "Bob Lee (hiring manager)",
       "decision by Friday, November 20", "where are you based"},
      "register_interview");
  auto i = c.interview(0);
  BOOST_TEST(i["company"] == "Acme");
  BOOST_TEST(i["at"] == "2026-11-18T11:00:00-05:00");
  BOOST_TEST(i["status"] == "awaiting_decision");
  BOOST_TEST(i["decision_by"] == "2026-11-20");
  BOOST_TEST(i["people"].size() == 2u);
  // The answer moves the typed 11am into Chicago's 11am.
  c.say("Chicago", {"America/Chicago"}, "nudge_settings");
  BOOST_TEST(c.doc()["user"]["timezone"] == "America/Chicago");
  BOOST_TEST(c.interview(0)["at"] == "2026-11-18T11:00:00-06:00");
  // Not asked again.
  auto again = c.say("interviewed at Globex yesterday 3pm with Raj Patel", {"Globex"});
  BOOST_TEST(again.find("where are you based") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_short_dialogue_fills_in_what_is_missing) {
  chat c;
  c.say("I had an interview yesterday at 3pm", {"which company"}, "register_interview");
  BOOST_TEST(c.doc()["interviews"].empty());
  c.say("it was at Globex", {"saved", "Globex", "yesterday at 3:00 PM"}, "register_interview");
  BOOST_TEST(c.interview(0)["at"] == "2026-11-17T15:00:00-05:00");
  c.say("skip");  // the time zone question: not a place, let go
  // Told of in the past tense without a day: today, at this time, and said so.
  c.say("I interviewed at Initech", {"Initech", "today at 2:00 PM"}, "register_interview");
  BOOST_TEST(c.interview(1)["at"] == "2026-11-18T14:00:00-05:00");
  c.say("no, it was monday at 10", {"Initech", "November 16"}, "register_interview");
  BOOST_TEST(c.interview(1)["at"] == "2026-11-16T10:00:00-05:00");
  // One still ahead, without a day: asked.
  c.say("I have an interview at Hooli", {"when"}, "register_interview");
  c.say("friday at 10", {"Hooli", "Friday at 10:00 AM"}, "register_interview");
  BOOST_TEST(c.interview(2)["status"] == "scheduled");
}

BOOST_AUTO_TEST_CASE(no_it_was_thursday_corrects_the_last_value) {
  chat c;
  c.say("interview at Acme tomorrow at 2pm with Jane", {"Acme", "tomorrow at 2:00 PM"});
  BOOST_TEST(c.interview(0)["status"] == "scheduled");
  c.say("Berlin");
  c.say("No, it was Friday", {"fixed", "Friday"}, "register_interview");
  // Berlin first moved the typed 2pm; the correction keeps that time on the new day.
  BOOST_TEST(c.interview(0)["at"] == "2026-11-20T14:00:00+01:00");
  c.say("no, it was at Acme Robotics", {"Acme Robotics"}, "register_interview");
  BOOST_TEST(c.interview(0)["company"] == "Acme Robotics");
  BOOST_TEST(c.doc()["interviews"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(two_interviews_interleaved_and_asking_which) {
  chat c;
  c.say("interviewed at Acme yesterday 10am with Jane Smith, the recruiter");
  c.say("New York");
  c.say("interviewed at Globex yesterday 2pm with Raj Patel");
  c.say("called, no answer", {"Acme or Globex"}, "log_call");
  c.say("the Globex one", {"Globex", "call-back"}, "log_call");
  BOOST_TEST(c.interview(1)["calls"] == 1);
  BOOST_TEST(c.interview(0)["calls"] == 0);
  // A person met at one of them picks it.
  c.say("I sent a thank you email to Jane", {"Acme"}, "log_thank_you");
  BOOST_TEST(c.interview(0)["people"][0]["thanked"]["via"] == "email");
  BOOST_TEST(c.interview(1)["people"][0]["thanked"].is_null());
  c.say("what's my status?", {"Acme", "Globex", "next"}, "show_status");
  c.say("Globex rejected me", {"Globex"}, "record_outcome");
  BOOST_TEST(c.interview(1)["status"] == "rejected");
  // Only Acme is open now: no question.
  c.say("called Jane, no answer", {"Acme"}, "log_call");
  BOOST_TEST(c.interview(0)["calls"] == 1);
}

BOOST_AUTO_TEST_CASE(answers_follow_the_logged_calls) {
  chat c;
  c.say("interviewed at Acme on monday at 10am with Jane Smith, recruiter");
  c.say("Boston");
  c.say("called Jane, no answer");
  c.say("should I call again?", {"yes", "follow through"}, "ask_call_again");
  c.say("called again, left a voicemail");
  c.say("should I call again?", {"yes", "second call-back"}, "ask_call_again");
  c.say("called again and nobody picked up");
  c.say("should I call again?", {"no", "overkill", "Wednesday, November 25"}, "ask_call_again");
  auto i = c.interview(0);
  BOOST_TEST(i["calls"] == 3);
  BOOST_TEST(i["voicemails"] == 1);
  BOOST_TEST(i["contact_log"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(texting_the_thank_you_is_no_and_names_who_is_left) {
  chat c;
  c.say("interviewed at Acme yesterday 2pm with Jane Smith and Bob Lee");
  c.say("Denver");
  c.say("sent Jane a thank you email");
  c.say("can I text my thank-you to Bob?", {"no", "Bob Lee (by email)"}, "ask_channel");
}

BOOST_AUTO_TEST_CASE(a_thank_you_three_days_later_is_late_but_still_worth_an_email) {
  chat c;
  c.say("interviewed at Acme on sunday at 2pm with Jane");
  c.say("Miami");
  c.say("is it too late to send a thank you?", {"late", "email"});
}

BOOST_AUTO_TEST_CASE(deleting_one_interview_or_everything) {
  chat c;
  c.say("interviewed at Acme yesterday 2pm with Jane");
  c.say("Toronto");
  c.say("interviewed at Globex yesterday 4pm with Raj");
  c.say("delete the Acme interview", {"deleted", "Acme"}, "delete_data");
  BOOST_TEST(c.doc()["interviews"].size() == 1u);
  c.say("delete the Initech interview", {"don't have an interview at Initech", "Globex"},
        "delete_data");
  c.say("delete my data", {"yes", "1 interview"}, "delete_data");
  c.say("no, keep it", {"haven't deleted"}, "delete_data");
  BOOST_TEST(c.doc()["interviews"].size() == 1u);
  c.say("delete all my data", {"yes"}, "delete_data");
  c.say("yes", {"deleted"}, "delete_data");
  BOOST_TEST(!c.s.user().has_value());
  sqlite::database db(c.dir.file("bot.db"));
  for (const char* table : {"users", "interviews", "people", "contact_log"}) {
    auto q = db.prepare(std::string("SELECT count(*) FROM ") + table);
    q.step();
    BOOST_TEST(q.column_int(0) == 0, table);
  }
}

BOOST_AUTO_TEST_CASE(export_command_returns_the_stored_document) {
  chat c;
  c.say("interviewed at Acme yesterday 2pm with Jane Smith (recruiter)");
  c.say("Seattle");
  auto text = c.say("/export", {"json"}, "export");
  auto doc = json::parse(text.substr(text.find('{')));
  BOOST_TEST(doc == c.doc());
  BOOST_TEST(doc["user"]["platform"] == "web");
  BOOST_TEST(doc["interviews"][0]["people"][0]["name"] == "Jane Smith");
}

BOOST_AUTO_TEST_CASE(a_scheduled_interview_is_awaiting_a_decision_once_it_happened) {
  chat c;
  c.say("I have an interview at Acme tomorrow at 10am", {"Acme"});
  BOOST_TEST(c.interview(0)["status"] == "scheduled");
  c.s.advance(std::chrono::hours(48));
  BOOST_TEST(c.interview(0)["status"] == "awaiting_decision");
  c.say("hello");
  BOOST_TEST((c.s.user()->interviews.at(0).status == interview_status::awaiting_decision));
}

BOOST_AUTO_TEST_CASE(bad_input_gets_a_clear_reply_and_changes_nothing) {
  chat c;
  c.say("interviewed at Acme yesterday and next week", {"yesterday or next week"},
        "register_interview");
  BOOST_TEST(c.doc()["interviews"].empty());
  c.say("interviewed at Acme on 3/4/2031", {}, "register_interview");
  BOOST_TEST(c.doc()["interviews"].empty());
  c.say("interviewed at " + std::string(2000, 'X') + " yesterday", {"long"}, "register_interview");
  BOOST_TEST(c.doc()["interviews"].empty());
  c.say("delete the Acme interview", {"interviews on record"}, "delete_data");
  c.say("what's my status?", {"not tracking any"}, "show_status");
}

BOOST_AUTO_TEST_CASE(the_time_zone_can_change_any_time) {
  chat c;
  c.say("I'm based in Berlin", {"Europe/Berlin"}, "nudge_settings");
  BOOST_TEST(c.doc()["user"]["timezone"] == "Europe/Berlin");
  c.say("my time zone is America/Los_Angeles", {"America/Los_Angeles"});
  c.say("/settings", {"America/Los_Angeles", "reminders on"});
  c.say("stop reminders", {"off"}, "nudge_settings");
  BOOST_TEST(c.doc()["user"]["nudges"] == "off");
}

// A report and a question in one message: both effects, one reply, the question last.
BOOST_AUTO_TEST_CASE(a_mixed_message_registers_and_answers) {
  chat c;
  auto reply = c.say(
      "Just finished at Harbor Labs with Tom Lee, the ops manager. Is email ok for the "
      "thank-you or should I mail a card?",
      {"Harbor Labs", "Tom Lee", "today", "email", "America/New_York"});
  BOOST_TEST(c.interview(0)["company"] == "Harbor Labs");
  BOOST_TEST(c.interview(0)["people"][0]["title"] == "ops manager");
  BOOST_TEST(c.interview(0)["at"] == "2026-11-18T14:00:00-05:00");
  // One message, the registration first and the time zone question at the very end.
  BOOST_TEST(reply.find("Harbor Labs") < reply.find("email"));
  BOOST_TEST(reply.rfind("America/New_York") > reply.find("email"));
  // The question's channel is not the person's preferred channel.
  BOOST_TEST(c.interview(0)["people"][0]["preferred_channel"].is_null());
}

BOOST_AUTO_TEST_CASE(two_settings_in_one_message_are_both_applied) {
  chat c;
  c.say("No reminders after 8pm please, and I'm in Toronto now", {"America/Toronto", "8:00 PM"});
  BOOST_TEST(c.doc()["user"]["timezone"] == "America/Toronto");
  BOOST_TEST(c.doc()["user"]["quiet_hours"] == "20:00-08:00");
}

// After "where are you based?", a thank-you report is a thank-you report; the question comes
// again with the next interview, and a city answers it then.
BOOST_AUTO_TEST_CASE(a_pending_question_does_not_swallow_what_follows) {
  chat c;
  c.say("interviewed at Redwood Health today at 10am with Paris Hill", {"where are you based"});
  c.say("ok, emailed her a thank you", {"Redwood Health"}, "log_thank_you");
  BOOST_TEST(c.interview(0)["people"][0]["thanked"]["via"] == "email");
  BOOST_TEST(c.doc()["user"]["timezone"] == "America/New_York");
  c.say("cheers", {}, "thanks");
  auto again = c.say("interviewed at Globex yesterday at 3pm with Raj Patel", {"America/New_York"});
  c.say("Denver", {"America/Denver"}, "nudge_settings");
  // Asked twice: not a third time.
  auto third = c.say("interviewed at Initech yesterday at 9am with Ann Lee");
  BOOST_TEST(third.find("America/") == std::string::npos);
}

// "Toronto. And should I call them tomorrow?": the answer, then the rest of the message.
BOOST_AUTO_TEST_CASE(an_answer_and_a_question_in_one_message) {
  chat c;
  c.say("interviewed at Acme today at 10am with Jane Smith", {"where are you based"});
  c.say("Toronto. Would it be pushy to call Jane tomorrow?", {"America/Toronto", "call"});
  BOOST_TEST(c.doc()["user"]["timezone"] == "America/Toronto");
}

// Told in passing with nothing to attach it to: no question about it, just the answer.
BOOST_AUTO_TEST_CASE(a_report_the_bot_cannot_attach_stays_quiet) {
  chat c;
  auto reply = c.say("I called the recruiter twice last week, no answer. Should I try again?",
                     {}, "ask_call_again");
  BOOST_TEST(reply.find("Which interview") == std::string::npos);
  BOOST_TEST(reply.find("don't have any interviews") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_thank_you_sent_the_wrong_way_is_logged_and_email_advised) {
  chat c;
  c.say("interviewed at Saltmarsh Games yesterday at 4pm with Marco Bianchi");
  c.say("Philadelphia");
  c.say("I DM'd Marco a thank-you on Instagram", {"email"}, "log_thank_you");
  BOOST_TEST(c.interview(0)["people"][0]["thanked"]["via"] == "social");
}

BOOST_AUTO_TEST_SUITE_END()
