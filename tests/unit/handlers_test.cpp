// Handlers are pure functions of a turn: these build turns by hand (entities as the NLU writes
// them) at a fixed instant and check the advice each branch gives, for every reply variant.
#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>
#include <vector>

#include "bot/conversation/rules.hpp"
#include "handlers/registry.hpp"

using namespace followup;
using json = nlohmann::json;

namespace {

const rules& project_rules() {
  static const rules r = [] {
    std::vector<rules_error> errors;
    auto loaded = load_rules(FOLLOWUP_SOURCE_DIR "/rules", errors);
    if (!loaded) {
      std::string all;
      for (const auto& e : errors) all += e.text() + "\n";
      throw std::runtime_error(all);
    }
    return *loaded;
  }();
  return r;
}

// Wednesday, November 18 2026, 2:00 PM in New York (EST, UTC-5).
const sys_time wednesday_2pm = from_millis(1795028400000);
// Friday, November 20 2026, 2:00 PM in New York.
const sys_time friday_2pm = wednesday_2pm + std::chrono::days(2);

// A date entity as the NLU writes it (dates.hpp to_json); New York is at UTC-5 in November.
json date_entity(const std::string& day, const std::string& time = "",
                 const std::string& relation = "at", int in_days = -1) {
  json d{{"text", day},
         {"date", day},
         {"time", time.empty() ? json(nullptr) : json(time)},
         {"at", time.empty() ? json(nullptr) : json(day + "T" + time + ":00-05:00")},
         {"relation", relation}};
  if (relation == "in") d["days"] = in_days;
  return d;
}

json people(std::initializer_list<std::string> names) {
  json list = json::array();
  for (const auto& n : names) list.push_back({{"name", n}});
  return list;
}

// Every variant of one answer: the handler run with several seeds.
struct answer {
  std::vector<std::string> texts;
};

struct call_options {
  const rules* rules_data = nullptr;
  sys_time now = wednesday_2pm;
  std::string user_name = "Maria";
  std::string timezone = "America/New_York";
  bool is_new = false;
};

answer ask(const std::string& intent, json entities = json::object(), call_options o = {}) {
  const rules& r = o.rules_data ? *o.rules_data : project_rules();
  inbound message;
  message.platform = "web";
  message.user_id = "u1";
  message.user_name = o.user_name;
  message.text = "(typed by the test)";
  understanding meaning;
  meaning.intent = intent;
  meaning.confidence = 0.9;
  meaning.entities = std::move(entities);
  user_state user;
  user.platform = "web";
  user.id = "u1";
  user.timezone = o.timezone;
  user.is_new = o.is_new;
  answer a;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    turn t{message, meaning, user, r, o.now, seed};
    auto e = find_handler(intent)(t);
    BOOST_REQUIRE_EQUAL(e.replies.size(), 1u);
    a.texts.push_back(e.replies.front());
  }
  return a;
}

std::string all_texts(const answer& a) {
  std::string out;
  for (const auto& t : a.texts) out += "\n  [" + t + "]";
  return out;
}

boost::test_tools::predicate_result has(const answer& a, const std::string& needle) {
  for (const auto& t : a.texts) {
    if (t.find(needle) == std::string::npos) {
      boost::test_tools::predicate_result res(false);
      res.message() << "no \"" << needle << "\" in" << all_texts(a);
      return res;
    }
  }
  return true;
}

boost::test_tools::predicate_result lacks(const answer& a, const std::string& needle) {
  for (const auto& t : a.texts) {
    if (t.find(needle) != std::string::npos) {
      boost::test_tools::predicate_result res(false);
      res.message() << "unexpected \"" << needle << "\" in" << all_texts(a);
      return res;
    }
  }
  return true;
}

// Whether `text` was made from one of `key`'s variants: its literal pieces, between the slots,
// appear in order.
bool made_from(const std::string& text, const std::string& variant) {
  std::size_t at = 0, i = 0;
  while (i < variant.size()) {
    auto open = variant.find('{', i);
    auto piece = variant.substr(i, open == std::string::npos ? std::string::npos : open - i);
    if (!piece.empty()) {
      auto found = text.find(piece, at);
      if (found == std::string::npos) return false;
      at = found + piece.size();
    }
    if (open == std::string::npos) break;
    i = variant.find('}', open) + 1;
  }
  return true;
}

boost::test_tools::predicate_result says(const answer& a, const std::string& key,
                                         const rules* r = nullptr) {
  const auto& variants = (r ? *r : project_rules()).replies.at(key);
  for (const auto& t : a.texts) {
    bool any = false;
    for (const auto& v : variants) any = any || made_from(t, v);
    if (!any) {
      boost::test_tools::predicate_result res(false);
      res.message() << "not from '" << key << "':" << all_texts(a);
      return res;
    }
  }
  return true;
}

boost::test_tools::predicate_result not_says(const answer& a, const std::string& key) {
  const auto& variants = project_rules().replies.at(key);
  for (const auto& t : a.texts) {
    for (const auto& v : variants) {
      if (made_from(t, v)) {
        boost::test_tools::predicate_result res(false);
        res.message() << "unexpectedly from '" << key << "':" << all_texts(a);
        return res;
      }
    }
  }
  return true;
}

// No "{slot}" left unfilled, no empty reply.
boost::test_tools::predicate_result clean(const answer& a) {
  static const std::regex slot(R"(\{[a-z_]+\})");
  for (const auto& t : a.texts) {
    if (t.empty() || std::regex_search(t, slot)) {
      boost::test_tools::predicate_result res(false);
      res.message() << "empty or unfilled slot in" << all_texts(a);
      return res;
    }
  }
  return true;
}

rules with_threshold(const std::string& name, double value) {
  rules copy = project_rules();
  copy.thresholds[name] = value;
  return copy;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(handlers)

// ---------------------------------------------------------------- the registry

BOOST_AUTO_TEST_CASE(every_registered_key_exists) {
  const auto& r = project_rules();
  for (const auto& e : handler_table()) {
    for (auto key : e.reply_keys) BOOST_TEST(r.has_reply(key), e.intent << ": no reply " << key);
  }
  for (const auto& key : required_reply_keys()) BOOST_TEST(r.has_reply(key), "no reply " << key);
}

BOOST_AUTO_TEST_CASE(every_intent_has_its_handler_and_a_topic) {
  const auto& r = project_rules();
  for (const auto& intent : known_intents()) {
    auto table = handler_table();
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const handler_entry& e) { return e.intent == intent; });
    BOOST_TEST((it != table.end()), "no handler for " << intent);
    if (intent == "unknown") continue;
    BOOST_TEST((find_handler(intent) != find_handler("unknown")), intent);
    BOOST_TEST(r.has_reply("topics." + intent), "no topic for " << intent);
  }
  BOOST_TEST((find_handler("no_such_intent") == find_handler("unknown")));
}

BOOST_AUTO_TEST_CASE(an_unknown_time_zone_falls_back_to_utc) {
  call_options o;
  o.timezone = "Not/A_Zone";
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-18", "09:00")}}}, o);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.on_time"));
}

BOOST_AUTO_TEST_CASE(malformed_entities_are_ignored_not_thrown_on) {
  json junk{{"dates", {{{"date", "2026-02-30"}}, {{"date", 12}}, "x"}},
            {"people", {42, {{"name", ""}}}},
            {"count", "many"},
            {"channel", 7}};
  for (const auto& e : handler_table()) {
    auto a = ask(std::string(e.intent), junk);
    BOOST_TEST(clean(a), e.intent);
  }
  BOOST_TEST(says(ask("ask_timing", junk), "advice.timing.general"));
}

// ---------------------------------------------------------------- ask_thank_you

BOOST_AUTO_TEST_CASE(thank_you_without_names_is_for_everyone_and_asks_who) {
  auto a = ask("ask_thank_you");
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.thank_you.general"));
  BOOST_TEST(says(a, "advice.thank_you.channel_unknown"));
  BOOST_TEST(says(a, "advice.thank_you.cards"));
  BOOST_TEST(has(a, "recruiter"));
  BOOST_TEST(has(a, "business card"));
}

BOOST_AUTO_TEST_CASE(thank_you_names_the_one_person) {
  auto a = ask("ask_thank_you", {{"people", people({"Jane Smith"})}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.thank_you.named_one"));
  BOOST_TEST(has(a, "Jane Smith"));
}

BOOST_AUTO_TEST_CASE(thank_you_names_each_person) {
  auto two = ask("ask_thank_you", {{"people", people({"Jane", "Bob"})}});
  BOOST_TEST(says(two, "advice.thank_you.named_many"));
  BOOST_TEST(has(two, "Jane and Bob"));
  auto three = ask("ask_thank_you", {{"people", people({"Jane", "Bob", "Ann"})}});
  BOOST_TEST(clean(three));
  BOOST_TEST(has(three, "Jane, Bob and Ann"));
}

BOOST_AUTO_TEST_CASE(thank_you_by_text_or_social_is_refused) {
  for (auto channel : {"text", "social"}) {
    auto a = ask("ask_thank_you", {{"channel", channel}});
    BOOST_TEST(says(a, "advice.thank_you.channel_too_casual"));
    BOOST_TEST(has(a, "90%"));
  }
}

BOOST_AUTO_TEST_CASE(thank_you_by_email_handwritten_or_phone) {
  BOOST_TEST(says(ask("ask_thank_you", {{"channel", "email"}}), "advice.thank_you.channel_email"));
  auto mail = ask("ask_thank_you", {{"channel", "handwritten"}});
  BOOST_TEST(says(mail, "advice.thank_you.channel_handwritten"));
  BOOST_TEST(has(mail, "48 hours"));
  BOOST_TEST(says(ask("ask_thank_you", {{"channel", "phone"}}), "advice.thank_you.channel_phone"));
}

// ---------------------------------------------------------------- ask_channel

BOOST_AUTO_TEST_CASE(channel_text_is_a_clear_no_with_the_poll) {
  auto a = ask("ask_channel", {{"channel", "text"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.channel.too_casual"));
  BOOST_TEST(has(a, "90%"));
  BOOST_TEST(has(a, "casual"));
  BOOST_TEST(says(ask("ask_channel", {{"channel", "social"}}), "advice.channel.too_casual"));
}

BOOST_AUTO_TEST_CASE(channel_text_stays_no_even_when_the_decision_is_soon) {
  auto a =
      ask("ask_channel", {{"channel", "text"}, {"dates", {date_entity("2026-11-19", "", "by")}}});
  BOOST_TEST(says(a, "advice.channel.too_casual"));
}

BOOST_AUTO_TEST_CASE(channel_decision_soon_means_email) {
  auto a = ask("ask_channel",
               {{"channel", "handwritten"}, {"dates", {date_entity("2026-11-19", "", "by")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.channel.decision_soon"));
  BOOST_TEST(has(a, "tomorrow"));
  BOOST_TEST(has(a, "email"));
}

BOOST_AUTO_TEST_CASE(channel_decision_far_off_leaves_time_for_mail) {
  // Five days ahead is beyond decision_soon_days (2): a handwritten note has time.
  auto a = ask("ask_channel",
               {{"channel", "handwritten"}, {"dates", {date_entity("2026-11-23", "", "by")}}});
  BOOST_TEST(says(a, "advice.channel.handwritten"));
  // ... unless the coach widens the window.
  auto wide = with_threshold("decision_soon_days", 7);
  call_options o;
  o.rules_data = &wide;
  auto b = ask("ask_channel",
               {{"channel", "handwritten"}, {"dates", {date_entity("2026-11-23", "", "by")}}}, o);
  BOOST_TEST(says(b, "advice.channel.decision_soon", &wide));
}

BOOST_AUTO_TEST_CASE(channel_past_date_is_not_a_decision) {
  auto a =
      ask("ask_channel", {{"channel", "email"}, {"dates", {date_entity("2026-11-17", "10:00")}}});
  BOOST_TEST(says(a, "advice.channel.email"));
}

BOOST_AUTO_TEST_CASE(channel_email_handwritten_phone_and_general) {
  BOOST_TEST(says(ask("ask_channel", {{"channel", "email"}}), "advice.channel.email"));
  auto mail = ask("ask_channel", {{"channel", "handwritten"}});
  BOOST_TEST(says(mail, "advice.channel.handwritten"));
  BOOST_TEST(has(mail, "48 hours"));
  BOOST_TEST(says(ask("ask_channel", {{"channel", "phone"}}), "advice.channel.phone"));
  auto general = ask("ask_channel");
  BOOST_TEST(clean(general));
  BOOST_TEST(says(general, "advice.channel.general"));
}

// ---------------------------------------------------------------- ask_timing

BOOST_AUTO_TEST_CASE(timing_without_a_date_gives_the_rule_and_asks_when) {
  auto a = ask("ask_timing");
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.general"));
  BOOST_TEST(has(a, "48 hours"));
}

BOOST_AUTO_TEST_CASE(timing_20_hours_after_names_the_mail_deadline) {
  // Interview Tuesday 6 PM; now Wednesday 2 PM: 20 hours ago, mail by Thursday 6 PM.
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-17", "18:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.on_time"));
  BOOST_TEST(has(a, "20 hours ago"));
  BOOST_TEST(has(a, "Thursday, November 19"));
  BOOST_TEST(has(a, "6:00 PM"));
}

BOOST_AUTO_TEST_CASE(timing_without_a_time_of_day_names_only_the_day) {
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-17")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.on_time"));
  BOOST_TEST(has(a, "yesterday"));
  BOOST_TEST(has(a, "Thursday, November 19"));
  BOOST_TEST(lacks(a, " PM"));
}

BOOST_AUTO_TEST_CASE(timing_3_days_after_is_late_but_email_today) {
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-15", "14:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.late"));
  BOOST_TEST(has(a, "3 days ago"));
  BOOST_TEST(has(a, "email"));
  BOOST_TEST(has(a, "today"));
}

BOOST_AUTO_TEST_CASE(timing_between_mail_deadline_and_late_is_email_only) {
  auto relaxed = with_threshold("thank_you_late_hours", 96);
  call_options o;
  o.rules_data = &relaxed;
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-15", "14:00")}}}, o);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.email_only", &relaxed));
}

BOOST_AUTO_TEST_CASE(timing_for_a_coming_interview_plans_ahead) {
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-19", "11:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.upcoming"));
  BOOST_TEST(has(a, "tomorrow"));
  BOOST_TEST(has(a, "Saturday, November 21"));
}

BOOST_AUTO_TEST_CASE(timing_with_a_decision_deadline_is_email_today) {
  auto a = ask("ask_timing", {{"dates", {date_entity("2026-11-20", "", "by")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.timing.decision_by"));
  BOOST_TEST(has(a, "Friday"));
}

// ---------------------------------------------------------------- ask_contacts

BOOST_AUTO_TEST_CASE(contacts_general_and_named) {
  auto general = ask("ask_contacts");
  BOOST_TEST(says(general, "advice.contacts.general"));
  BOOST_TEST(has(general, "business card"));
  BOOST_TEST(has(general, "recruiter or coordinator"));
  auto named = ask("ask_contacts", {{"people", people({"Raj Patel", "Lena Ortiz"})}});
  BOOST_TEST(clean(named));
  BOOST_TEST(says(named, "advice.contacts.named"));
}

// ---------------------------------------------------------------- ask_call

BOOST_AUTO_TEST_CASE(call_without_a_day_gives_the_rule) {
  auto a = ask("ask_call");
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call.general"));
  BOOST_TEST(has(a, "fit"));
  BOOST_TEST(has(a, "next step"));
}

BOOST_AUTO_TEST_CASE(call_in_n_days_names_the_day_and_the_morning) {
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "", "in", 2)}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call.on_day"));
  BOOST_TEST(has(a, "on Friday, November 20"));
  BOOST_TEST(has(a, "10:00 AM"));
}

BOOST_AUTO_TEST_CASE(call_tomorrow_says_tomorrow_and_the_date) {
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-19", "", "in", 1)}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(has(a, "tomorrow (Thursday, November 19)"));
}

BOOST_AUTO_TEST_CASE(call_at_their_time_keeps_their_time) {
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "15:30")}}});
  BOOST_TEST(says(a, "advice.call.on_day"));
  BOOST_TEST(has(a, "3:30 PM"));
}

BOOST_AUTO_TEST_CASE(call_day_on_a_weekend_moves_to_monday) {
  // "In 4 days" from Wednesday is Sunday.
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-22", "", "in", 4)}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call.weekend"));
  BOOST_TEST(has(a, "Sunday, November 22"));
  BOOST_TEST(has(a, "Monday"));
}

BOOST_AUTO_TEST_CASE(call_after_a_decision_date) {
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "", "by")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call.after_decision"));
  BOOST_TEST(has(a, "Friday, November 20"));
  BOOST_TEST(has(a, "Monday"));
}

// ---------------------------------------------------------------- ask_call_again

BOOST_AUTO_TEST_CASE(call_again_without_count_or_outcome_gives_the_rule) {
  auto a = ask("ask_call_again");
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.rule"));
  BOOST_TEST(has(a, "overkill"));
  BOOST_TEST(has(a, "2"));
}

BOOST_AUTO_TEST_CASE(call_again_after_no_answer_is_yes_and_asks_the_count) {
  // "they didnt pick up, call again??"
  auto a = ask("ask_call_again", {{"call_outcome", "no_answer"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.yes"));
  BOOST_TEST(says(a, "advice.call_again.first_call_back"));
  BOOST_TEST(says(a, "advice.call_again.leave_message"));
  BOOST_TEST(says(a, "advice.call_again.assumed_first"));
  BOOST_TEST(has(a, "tomorrow at 10:00 AM"));
}

BOOST_AUTO_TEST_CASE(call_again_after_one_call_is_a_call_back) {
  auto a = ask("ask_call_again", {{"count", 1}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.yes"));
  BOOST_TEST(says(a, "advice.call_again.first_call_back"));
  BOOST_TEST(not_says(a, "advice.call_again.last_one"));
  BOOST_TEST(not_says(a, "advice.call_again.assumed_first"));
}

BOOST_AUTO_TEST_CASE(call_again_after_two_calls_is_the_last_call_back) {
  auto a = ask("ask_call_again", {{"count", 2}, {"call_outcome", "voicemail"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.yes"));
  BOOST_TEST(says(a, "advice.call_again.second_call_back"));
  BOOST_TEST(says(a, "advice.call_again.last_one"));
  // A message is already on their phone.
  BOOST_TEST(not_says(a, "advice.call_again.leave_message"));
}

BOOST_AUTO_TEST_CASE(call_again_after_three_calls_is_overkill) {
  auto a = ask("ask_call_again", {{"count", 3}, {"call_outcome", "no_answer"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.no"));
  BOOST_TEST(says(a, "advice.call_again.stop"));
  BOOST_TEST(has(a, "3 times"));
  BOOST_TEST(has(a, "overkill"));
  BOOST_TEST(has(a, "7 days"));
  BOOST_TEST(not_says(a, "advice.call_again.yes"));
}

BOOST_AUTO_TEST_CASE(call_again_limit_comes_from_the_rules) {
  auto generous = with_threshold("max_call_backs", 3);
  call_options o;
  o.rules_data = &generous;
  auto a = ask("ask_call_again", {{"count", 3}}, o);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.another_call_back", &generous));
  BOOST_TEST(says(a, "advice.call_again.last_one", &generous));
  BOOST_TEST(has(a, "3 call-backs"));

  auto strict = with_threshold("max_call_backs", 1);
  o.rules_data = &strict;
  auto b = ask("ask_call_again", {{"count", 2}}, o);
  BOOST_TEST(says(b, "advice.call_again.stop", &strict));
  BOOST_TEST(has(b, "twice"));
}

BOOST_AUTO_TEST_CASE(call_again_next_try_skips_the_weekend) {
  call_options o;
  o.now = friday_2pm;
  auto a = ask("ask_call_again", {{"count", 1}}, o);
  BOOST_TEST(has(a, "Monday at 10:00 AM"));
}

BOOST_AUTO_TEST_CASE(call_again_after_an_old_call_is_today) {
  // Last call Monday; a business day has passed since, so today is fine.
  auto a = ask("ask_call_again", {{"count", 1}, {"dates", {date_entity("2026-11-16")}}});
  BOOST_TEST(has(a, "again today"));
}

BOOST_AUTO_TEST_CASE(call_again_after_speaking_is_not_needed) {
  auto a = ask("ask_call_again", {{"call_outcome", "spoke"}, {"count", 1}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call_again.spoke"));
}

// ---------------------------------------------------------------- ask_voicemail

BOOST_AUTO_TEST_CASE(voicemail_script_uses_what_is_known) {
  auto a = ask("ask_voicemail", {{"people", people({"Jane Smith"})},
                                 {"company", "Acme Corp"},
                                 {"role", "Data Analyst"},
                                 {"dates", {date_entity("2026-11-16", "11:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.voicemail.script"));
  BOOST_TEST(has(a, "Hi Jane,"));
  BOOST_TEST(has(a, "Maria"));
  BOOST_TEST(has(a, "the Data Analyst role at Acme Corp"));
  BOOST_TEST(has(a, "on Monday, November 16"));
  BOOST_TEST(has(a, "twice"));
  BOOST_TEST(has(a, "slowly"));
}

BOOST_AUTO_TEST_CASE(voicemail_script_with_nothing_known_has_placeholders) {
  call_options o;
  o.user_name = "";
  auto a = ask("ask_voicemail", json::object(), o);
  BOOST_TEST(clean(a));
  BOOST_TEST(has(a, "Hello,"));
  BOOST_TEST(has(a, "[your name]"));
  BOOST_TEST(has(a, "the position"));
  BOOST_TEST(has(a, "[day of your interview]"));
  BOOST_TEST(has(a, "twice"));
}

BOOST_AUTO_TEST_CASE(voicemail_script_with_company_or_role_alone) {
  BOOST_TEST(has(ask("ask_voicemail", {{"company", "Globex"}}), "the position at Globex"));
  BOOST_TEST(has(ask("ask_voicemail", {{"role", "QA Lead"}}), "the QA Lead role"));
}

// ---------------------------------------------------------------- ask_closing_question

BOOST_AUTO_TEST_CASE(closing_question_word_for_word) {
  auto a = ask("ask_closing_question");
  BOOST_TEST(says(a, "advice.closing_question.general"));
  BOOST_TEST(has(a, "\"When do you expect to make a decision?\""));
  BOOST_TEST(has(a, "\"When may I follow up with you?\""));
  auto coming = ask("ask_closing_question", {{"dates", {date_entity("2026-11-19", "09:30")}}});
  BOOST_TEST(clean(coming));
  BOOST_TEST(says(coming, "advice.closing_question.upcoming"));
  BOOST_TEST(has(coming, "tomorrow at 9:30 AM"));
}

// ---------------------------------------------------------------- ask_no_response

BOOST_AUTO_TEST_CASE(no_response_without_a_date_gives_the_week_rule) {
  auto a = ask("ask_no_response");
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.no_response.general"));
  BOOST_TEST(has(a, "7 days"));
  BOOST_TEST(has(a, "move on"));
}

BOOST_AUTO_TEST_CASE(no_response_after_the_week_is_move_on) {
  auto a = ask("ask_no_response", {{"dates", {date_entity("2026-11-09")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.no_response.move_on"));
  BOOST_TEST(has(a, "9 days"));
}

BOOST_AUTO_TEST_CASE(no_response_within_the_week_names_the_day_to_wait_for) {
  auto a = ask("ask_no_response", {{"dates", {date_entity("2026-11-15")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.no_response.wait"));
  BOOST_TEST(has(a, "Sunday, November 22"));
}

BOOST_AUTO_TEST_CASE(no_response_before_the_promised_date_waits_for_it) {
  auto a = ask("ask_no_response", {{"dates", {date_entity("2026-11-20", "", "by")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.no_response.wait_for_date"));
}

// ---------------------------------------------------------------- ask_general

BOOST_AUTO_TEST_CASE(general_overview_uses_the_thresholds) {
  auto a = ask("ask_general");
  BOOST_TEST(clean(a));
  BOOST_TEST(has(a, "48 hours"));
  BOOST_TEST(has(a, "2 call-backs"));
  BOOST_TEST(has(a, "7 days"));
  auto edited = with_threshold("max_call_backs", 1);
  call_options o;
  o.rules_data = &edited;
  BOOST_TEST(has(ask("ask_general", json::object(), o), "up to 1 call-back"));
}

// ---------------------------------------------------------------- tracking (answers only)

BOOST_AUTO_TEST_CASE(register_interview_today_email_tonight_and_mail_deadline) {
  auto a = ask("register_interview", {{"company", "Kestrel Labs"},
                                      {"people", people({"Raj Patel", "Lena Ortiz"})},
                                      {"dates", {date_entity("2026-11-18", "11:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "register_interview.cheer_past"));
  BOOST_TEST(says(a, "register_interview.on_time"));
  BOOST_TEST(says(a, "register_interview.cards"));
  BOOST_TEST(has(a, "Kestrel Labs"));
  BOOST_TEST(has(a, "Raj Patel and Lena Ortiz"));
  BOOST_TEST(has(a, "tonight"));
  BOOST_TEST(has(a, "Friday, November 20 at 11:00 AM"));
}

BOOST_AUTO_TEST_CASE(register_interview_yesterday_email_today) {
  auto a = ask("register_interview", {{"dates", {date_entity("2026-11-17", "16:00")}}});
  BOOST_TEST(says(a, "register_interview.on_time"));
  BOOST_TEST(has(a, "everyone who interviewed you"));
  BOOST_TEST(has(a, " today"));
  BOOST_TEST(lacks(a, "tonight"));
  BOOST_TEST(not_says(a, "register_interview.cheer_past"));
}

BOOST_AUTO_TEST_CASE(register_interview_coming_up) {
  auto a = ask("register_interview",
               {{"company", "Acme"}, {"dates", {date_entity("2026-11-19", "14:00")}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "register_interview.cheer_upcoming"));
  BOOST_TEST(says(a, "register_interview.upcoming"));
  BOOST_TEST(has(a, "business card"));
  BOOST_TEST(has(a, "Saturday, November 21 at 2:00 PM"));
}

BOOST_AUTO_TEST_CASE(register_interview_late_and_email_only) {
  auto late = ask("register_interview", {{"dates", {date_entity("2026-11-14", "10:00")}}});
  BOOST_TEST(clean(late));
  BOOST_TEST(says(late, "register_interview.late"));
  auto relaxed = with_threshold("thank_you_late_hours", 120);
  call_options o;
  o.rules_data = &relaxed;
  auto window = ask("register_interview", {{"dates", {date_entity("2026-11-15", "10:00")}}}, o);
  BOOST_TEST(says(window, "register_interview.email_only", &relaxed));
}

BOOST_AUTO_TEST_CASE(register_interview_without_a_date_asks_for_it) {
  auto a = ask("register_interview", {{"company", "Acme"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "register_interview.no_date"));
}

BOOST_AUTO_TEST_CASE(log_thank_you_by_channel) {
  BOOST_TEST(says(ask("log_thank_you", {{"channel", "email"}}), "log_thank_you.email"));
  BOOST_TEST(says(ask("log_thank_you", {{"channel", "handwritten"}}), "log_thank_you.handwritten"));
  auto text = ask("log_thank_you", {{"channel", "text"}});
  BOOST_TEST(says(text, "log_thank_you.too_casual"));
  BOOST_TEST(has(text, "90%"));
  auto plain = ask("log_thank_you");
  BOOST_TEST(clean(plain));
  BOOST_TEST(says(plain, "log_thank_you.general"));
  BOOST_TEST(says(plain, "log_thank_you.everyone"));
  BOOST_TEST(says(plain, "log_thank_you.next_step"));
}

BOOST_AUTO_TEST_CASE(log_thank_you_to_named_people_reminds_of_the_others) {
  auto a = ask("log_thank_you", {{"people", people({"Jane"})}, {"channel", "email"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "log_thank_you.others_too"));
  BOOST_TEST(has(a, "besides Jane"));
}

BOOST_AUTO_TEST_CASE(log_call_no_answer_gives_the_call_back_advice) {
  auto a = ask("log_call", {{"call_outcome", "no_answer"}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "log_call.no_answer"));
  BOOST_TEST(says(a, "advice.call_again.first_call_back"));
  BOOST_TEST(says(a, "advice.call_again.leave_message"));
  // A report, not a question: no bare yes.
  BOOST_TEST(not_says(a, "advice.call_again.yes"));
}

BOOST_AUTO_TEST_CASE(log_call_voicemail_and_over_the_limit) {
  auto vm = ask("log_call", {{"call_outcome", "voicemail"}, {"count", 2}});
  BOOST_TEST(says(vm, "log_call.voicemail_left"));
  BOOST_TEST(says(vm, "advice.call_again.second_call_back"));
  auto over = ask("log_call", {{"call_outcome", "no_answer"}, {"count", 4}});
  BOOST_TEST(says(over, "advice.call_again.stop"));
  BOOST_TEST(not_says(over, "advice.call_again.no"));
}

BOOST_AUTO_TEST_CASE(log_call_spoke_or_unsaid) {
  BOOST_TEST(says(ask("log_call", {{"call_outcome", "spoke"}}), "log_call.spoke"));
  BOOST_TEST(says(ask("log_call"), "log_call.ask_outcome"));
}

BOOST_AUTO_TEST_CASE(follow_up_in_n_days_is_that_morning) {
  auto a = ask("set_follow_up_date", {{"dates", {date_entity("2026-11-20", "", "in", 2)}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "set_follow_up_date.call_on"));
  BOOST_TEST(has(a, "on Friday, November 20"));
  BOOST_TEST(lacks(a, "Friday (Friday"));
  BOOST_TEST(has(a, "10:00 AM"));
}

BOOST_AUTO_TEST_CASE(follow_up_on_a_weekend_moves_to_monday) {
  auto a = ask("set_follow_up_date", {{"dates", {date_entity("2026-11-22", "", "in", 4)}}});
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "set_follow_up_date.weekend"));
  BOOST_TEST(has(a, "Monday"));
}

BOOST_AUTO_TEST_CASE(follow_up_decision_by_and_past_and_missing) {
  auto by = ask("set_follow_up_date", {{"dates", {date_entity("2026-11-20", "", "by")}}});
  BOOST_TEST(clean(by));
  BOOST_TEST(says(by, "set_follow_up_date.decision_by"));
  BOOST_TEST(has(by, "Friday, November 20"));
  BOOST_TEST(has(by, "Monday"));
  auto past = ask("set_follow_up_date", {{"dates", {date_entity("2026-11-16")}}});
  BOOST_TEST(clean(past));
  BOOST_TEST(says(past, "set_follow_up_date.past"));
  BOOST_TEST(has(past, "today"));
  BOOST_TEST(says(ask("set_follow_up_date"), "set_follow_up_date.no_date"));
}

BOOST_AUTO_TEST_CASE(record_outcome_each_kind) {
  auto offer = ask("record_outcome", {{"outcome", "offer"}});
  BOOST_TEST(says(offer, "record_outcome.offer"));
  BOOST_TEST(has(offer, "Congratulations"));
  auto named = ask("record_outcome", {{"outcome", "offer"}, {"company", "Acme"}});
  BOOST_TEST(clean(named));
  BOOST_TEST(says(named, "record_outcome.offer_company"));
  BOOST_TEST(has(named, "Acme"));
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "rejected"}}), "record_outcome.rejected"));
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "withdrew"}}), "record_outcome.withdrew"));
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "moved_on"}}), "record_outcome.moved_on"));
  BOOST_TEST(says(ask("record_outcome"), "record_outcome.ask"));
}

BOOST_AUTO_TEST_CASE(tracking_not_built_yet_is_said_honestly) {
  for (auto intent : {"show_status", "delete_data", "nudge_settings"}) {
    auto a = ask(intent);
    BOOST_TEST(clean(a));
    BOOST_TEST(says(a, intent));
  }
}

// ---------------------------------------------------------------- small talk

BOOST_AUTO_TEST_CASE(small_talk) {
  call_options fresh;
  fresh.is_new = true;
  auto hi = ask("greet", json::object(), fresh);
  BOOST_TEST(says(hi, "greet"));
  BOOST_TEST(has(hi, "Maria"));
  BOOST_TEST(says(ask("greet"), "greet_again"));
  call_options anonymous;
  anonymous.user_name = "";
  BOOST_TEST(has(ask("greet", json::object(), anonymous), "there"));
  BOOST_TEST(says(ask("help"), "help"));
  BOOST_TEST(says(ask("thanks"), "thanks"));
  BOOST_TEST(says(ask("unknown"), "unknown"));
}

BOOST_AUTO_TEST_SUITE_END()
