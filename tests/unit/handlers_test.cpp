// Handlers are pure functions of a turn: these build turns by hand (entities as the NLU writes
// them) at a fixed instant and check the advice each branch gives, for every reply variant.
#include <boost/test/unit_test.hpp>

#include "bot/conversation/nlu/document.hpp"

#include <regex>
#include <string>
#include <vector>

#include "bot/conversation/copyable.hpp"
#include "bot/conversation/export_document.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/rules.hpp"
#include "handlers/registry.hpp"
#include "tests/support/project_rules.hpp"

using namespace followup;
using namespace followup::testing;
using json = nlohmann::json;

namespace {

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
  std::vector<interview> interviews;
  user_settings settings{true};  // the time zone question already asked
  json conversation = json::object();
  std::string text = "(typed by the test)";
};

// The message, its meaning and the user a handler sees, built from the options.
struct built_turn {
  inbound message;
  understanding meaning;
  user_state user;
  const rules* rules_data;
  built_turn(const std::string& intent, json entities, const call_options& o) {
    rules_data = o.rules_data ? o.rules_data : &project_rules();
    message.platform = "web";
    message.user_id = "u1";
    message.user_name = o.user_name;
    message.text = o.text;
    meaning.intent = intent;
    meaning.confidence = 0.9;
    meaning.entities = std::move(entities);
    meaning.doc = std::make_shared<nlu::document>(nlu::analyse(message.text));
    user.platform = "web";
    user.id = "u1";
    user.timezone = o.timezone;
    user.is_new = o.is_new;
    user.interviews = o.interviews;
    user.settings = o.settings;
    user.conversation = o.conversation;
  }
  effects run(std::uint64_t seed, sys_time now) const {
    turn t{message, meaning, user, *rules_data, now, seed};
    return find_handler(meaning.intent)(t);
  }
};

// The handler run with several seeds: every variant of its answer.
answer ask(const std::string& intent, json entities = json::object(), call_options o = {}) {
  built_turn b(intent, std::move(entities), o);
  answer a;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    auto e = b.run(seed, o.now);
    BOOST_REQUIRE_EQUAL(e.replies.size(), 1u);
    a.texts.push_back(e.replies.front());
  }
  return a;
}

// One run of a handler (seed 0), for its effects on the user's state.
effects run(const std::string& intent, json entities = json::object(), call_options o = {}) {
  return built_turn(intent, std::move(entities), o).run(0, o.now);
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
    // Every reply of every handler (drafts come as several messages).
    built_turn b(std::string(e.intent), junk, call_options{});
    answer a;
    for (std::uint64_t seed = 0; seed < 6; ++seed) {
      auto fx = b.run(seed, wednesday_2pm);
      BOOST_TEST((!fx.replies.empty() || fx.calendar.has_value()), e.intent);
      for (auto& r : fx.replies) a.texts.push_back(std::move(r));
    }
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
  call_options said;
  said.text = "she said to call her in 2 days, when exactly?";
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "", "in", 2)}}}, said);
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
  call_options said;
  said.text = "he told me to ring him friday at 3:30";
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "15:30")}}}, said);
  BOOST_TEST(says(a, "advice.call.on_day"));
  BOOST_TEST(has(a, "3:30 PM"));
}

// "Should I ring her tomorrow?": the user's own day, not one they were given.
BOOST_AUTO_TEST_CASE(call_on_a_day_the_user_picks) {
  call_options own;
  own.text = "would it be pushy to ring her on friday?";
  auto a = ask("ask_call", {{"dates", {date_entity("2026-11-20", "")}}}, own);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.call.proposed"));
  BOOST_TEST(has(a, "Friday"));
}

// A day the reader saw as the present ("it's Thursday now") is no day to call.
BOOST_AUTO_TEST_CASE(call_ignores_a_date_that_is_not_for_calling) {
  auto d = date_entity("2026-11-19", "");
  d["role"] = "interview";
  auto a = ask("ask_call", {{"dates", {d}}});
  BOOST_TEST(says(a, "advice.call.general"));
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

// ---------------------------------------------------------------- tracking: the user's interviews

namespace {

// Monday, November 16 2026, 2:00 PM in New York: two days before "now".
interview acme(int id = 1) {
  interview i;
  i.id = id;
  i.company = "Acme";
  i.role = "Data Analyst";
  i.at = wednesday_2pm - std::chrono::hours(48);
  i.at_has_time = true;
  i.status = interview_status::awaiting_decision;
  i.people = {person{"Jane Smith", "recruiter", "email", std::nullopt, ""},
              person{"Bob Lee", "hiring manager", "", std::nullopt, ""}};
  i.created_at = i.at;
  return i;
}

interview globex(int id = 2) {
  interview i = acme(id);
  i.company = "Globex";
  i.role = "";
  i.people = {person{"Raj Patel", "", "", std::nullopt, ""}};
  return i;
}

call_options with_interviews(std::vector<interview> list, std::string text = "(typed)") {
  call_options o;
  o.interviews = std::move(list);
  o.text = std::move(text);
  return o;
}

const interview& only(const effects& e) {
  BOOST_REQUIRE(e.interviews.has_value());
  BOOST_REQUIRE_EQUAL(e.interviews->size(), 1u);
  return e.interviews->front();
}

json full_registration() {
  return {{"company", "Kestrel Labs"},
          {"role", "Data Analyst"},
          {"people", json::array({{{"name", "Raj Patel"}, {"title", "hiring manager"}},
                                  {{"name", "Lena Ortiz"}}})},
          {"dates", {date_entity("2026-11-18", "11:00"), date_entity("2026-11-20", "", "by")}}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(register_interview_saves_everything_it_understood) {
  auto a = ask("register_interview", full_registration());
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "register_interview.saved"));
  BOOST_TEST(has(a, "Kestrel Labs (Data Analyst), today at 11:00 AM"));
  BOOST_TEST(has(a, "Raj Patel (hiring manager) and Lena Ortiz"));
  BOOST_TEST(has(a, "decision by Friday, November 20"));
  // The next step: the thank-you window for an interview this morning.
  BOOST_TEST(has(a, "tonight"));
  BOOST_TEST(has(a, "Friday, November 20 at 11:00 AM"));
  auto e = run("register_interview", full_registration());
  const auto& i = only(e);
  BOOST_TEST(i.id == 1);
  BOOST_TEST(i.company == "Kestrel Labs");
  BOOST_TEST(i.role == "Data Analyst");
  BOOST_TEST(i.at_has_time);
  BOOST_TEST((i.at == wednesday_2pm - std::chrono::hours(3)));
  BOOST_TEST((i.status == interview_status::awaiting_decision));
  BOOST_REQUIRE_EQUAL(i.people.size(), 2u);
  BOOST_TEST(i.people[0].title == "hiring manager");
  BOOST_REQUIRE(i.decision_by.has_value());
  BOOST_TEST(day_string(*i.decision_by) == "2026-11-20");
  BOOST_TEST(e.conversation->value("last_interview", 0) == 1);
}

// The question comes at the end of the reply (after anything else the message carried) and
// at most twice: a user who talks about something else is asked again with the next interview.
BOOST_AUTO_TEST_CASE(register_interview_asks_the_time_zone_at_most_twice) {
  call_options first;
  first.settings.timezone_asked = false;
  auto e = run("register_interview", full_registration(), first);
  BOOST_TEST(e.ask.find("America/New_York") != std::string::npos);
  BOOST_TEST(!e.settings.has_value());  // asked once: may ask again
  BOOST_TEST((*e.conversation)["pending"]["kind"] == "timezone");
  BOOST_TEST((*e.conversation)["timezone_asks"] == 1);
  call_options second = first;
  second.conversation = {{"timezone_asks", 1}};
  auto again = run("register_interview", full_registration(), second);
  BOOST_TEST(!again.ask.empty());
  BOOST_REQUIRE(again.settings.has_value());
  BOOST_TEST(again.settings->timezone_asked);                   // not a third time
  auto later = run("register_interview", full_registration());  // answered long ago
  BOOST_TEST(later.ask.empty());
  BOOST_TEST(!later.settings.has_value());
  BOOST_TEST(!later.conversation->contains("pending"));
}

BOOST_AUTO_TEST_CASE(register_interview_ahead_is_scheduled_with_preparation_advice) {
  auto entities = json{{"company", "Acme"}, {"dates", {date_entity("2026-11-19", "14:00")}}};
  auto a = ask("register_interview", entities);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "register_interview.upcoming"));
  BOOST_TEST(has(a, "business card"));
  BOOST_TEST(has(a, "Saturday, November 21 at 2:00 PM"));
  BOOST_TEST((only(run("register_interview", entities)).status == interview_status::scheduled));
}

BOOST_AUTO_TEST_CASE(register_interview_windows_late_and_email_only) {
  auto late = ask("register_interview",
                  {{"company", "Acme"}, {"dates", {date_entity("2026-11-14", "10:00")}}});
  BOOST_TEST(clean(late));
  BOOST_TEST(says(late, "register_interview.late"));
  auto relaxed = with_threshold("thank_you_late_hours", 120);
  call_options o;
  o.rules_data = &relaxed;
  auto window = ask("register_interview",
                    {{"company", "Acme"}, {"dates", {date_entity("2026-11-15", "10:00")}}}, o);
  BOOST_TEST(says(window, "register_interview.email_only", &relaxed));
}

BOOST_AUTO_TEST_CASE(register_interview_asks_for_what_is_missing_one_question_at_a_time) {
  // Neither: the company first.
  auto e = run("register_interview", {{"dates", {date_entity("2026-11-17", "16:00")}}});
  BOOST_TEST(says(answer{e.replies}, "register_interview.ask_company"));
  BOOST_TEST(!e.interviews.has_value());
  BOOST_TEST((*e.conversation)["pending"]["missing"] == "company");
  // The company but no date.
  auto d = run("register_interview", {{"company", "Acme"}});
  BOOST_TEST(says(answer{d.replies}, "register_interview.ask_date"));
  BOOST_TEST(d.replies.front().find("Acme") != std::string::npos);
  BOOST_TEST((*d.conversation)["pending"]["missing"] == "date");
  BOOST_TEST((*d.conversation)["pending"]["entities"]["company"] == "Acme");
}

BOOST_AUTO_TEST_CASE(register_interview_refuses_bad_input_politely) {
  // Two different days for one interview.
  auto conflict =
      run("register_interview",
          {{"company", "Acme"}, {"dates", {date_entity("2026-11-17"), date_entity("2026-11-25")}}});
  BOOST_TEST(says(answer{conflict.replies}, "register_interview.date_conflict"));
  BOOST_TEST(!conflict.interviews.has_value());
  // Years away.
  auto far = run("register_interview",
                 {{"company", "Acme"}, {"dates", {date_entity("2029-01-05", "10:00")}}});
  BOOST_TEST(says(answer{far.replies}, "register_interview.date_far"));
  BOOST_TEST(!far.interviews.has_value());
  // A 2,000-character company name.
  auto huge = run("register_interview", {{"company", std::string(2000, 'A')},
                                         {"dates", {date_entity("2026-11-17", "16:00")}}});
  BOOST_TEST(says(answer{huge.replies}, "register_interview.company_too_long"));
  BOOST_TEST(!huge.interviews.has_value());
  // More than the limit.
  std::vector<interview> many;
  for (int k = 1; k <= static_cast<int>(max_interviews); ++k) {
    auto i = globex(k);
    i.company = "Company " + std::to_string(k);
    many.push_back(i);
  }
  auto full = run("register_interview",
                  {{"company", "Initech"}, {"dates", {date_entity("2026-11-17", "16:00")}}},
                  with_interviews(many));
  BOOST_TEST(says(answer{full.replies}, "register_interview.too_many"));
  BOOST_TEST(!full.interviews.has_value());
}

BOOST_AUTO_TEST_CASE(register_interview_again_updates_instead_of_duplicating) {
  auto e = run("register_interview",
               {{"company", "acme"},
                {"people", json::array({{{"name", "Ann Wu"}, {"title", "engineer"}}})},
                {"dates", {date_entity("2026-11-16", "14:00")}}},
               with_interviews({acme()}));
  BOOST_TEST(says(answer{e.replies}, "register_interview.updated"));
  const auto& i = only(e);
  BOOST_TEST(i.id == 1);
  BOOST_TEST(i.people.size() == 3u);
}

BOOST_AUTO_TEST_CASE(register_interview_reads_call_and_decision_days_from_context) {
  call_options o;
  o.text = "interviewed at Acme today 11am with Jane, she said call her in 4 days";
  auto e =
      run("register_interview",
          {{"company", "Acme"},
           {"dates", {date_entity("2026-11-18", "11:00"), date_entity("2026-11-22", "", "in", 4)}}},
          o);
  const auto& i = only(e);
  BOOST_REQUIRE(i.call_on.has_value());
  BOOST_TEST(day_string(*i.call_on) == "2026-11-22");
  BOOST_TEST(!i.decision_by.has_value());
  BOOST_TEST(e.replies.front().find("call on Sunday, November 22") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(log_thank_you_marks_people_and_names_who_is_left) {
  auto o = with_interviews({acme()});
  auto a = ask("log_thank_you", {{"channel", "email"}, {"people", people({"Jane"})}}, o);
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "log_thank_you.still_left"));
  BOOST_TEST(has(a, "Bob Lee (by email)"));
  auto e = run("log_thank_you", {{"channel", "email"}, {"people", people({"Jane"})}}, o);
  const auto& i = only(e);
  BOOST_TEST(i.people[0].thanked_at.has_value());
  BOOST_TEST(i.people[0].thanked_via == "email");
  BOOST_TEST(!i.people[1].thanked_at.has_value());
  BOOST_TEST(i.contact_log.back().kind == "thank_you");
  // "Sent my thank-yous": everyone, and then the next step.
  auto all = ask("log_thank_you", {{"channel", "email"}}, o);
  BOOST_TEST(says(all, "log_thank_you.all_done"));
  BOOST_TEST(says(all, "log.next"));
  BOOST_TEST(has(all, "none by Wednesday, November 25"));
}

BOOST_AUTO_TEST_CASE(log_thank_you_without_interviews_answers_from_the_message) {
  BOOST_TEST(says(ask("log_thank_you", {{"channel", "email"}}), "log_thank_you.email"));
  BOOST_TEST(says(ask("log_thank_you", {{"channel", "handwritten"}}), "log_thank_you.handwritten"));
  auto text = ask("log_thank_you", {{"channel", "text"}});
  BOOST_TEST(says(text, "log_thank_you.too_casual"));
  BOOST_TEST(has(text, "90%"));
  auto plain = ask("log_thank_you");
  BOOST_TEST(clean(plain));
  BOOST_TEST(says(plain, "log_thank_you.everyone"));
  BOOST_TEST(!run("log_thank_you").interviews.has_value());
}

BOOST_AUTO_TEST_CASE(several_open_interviews_mean_asking_which) {
  auto o = with_interviews({acme(), globex()});
  auto e = run("log_thank_you", {{"channel", "email"}}, o);
  BOOST_TEST(says(answer{e.replies}, "interviews.which"));
  BOOST_TEST(e.replies.front().find("Acme or Globex") != std::string::npos);
  BOOST_TEST(!e.interviews.has_value());
  BOOST_TEST((*e.conversation)["pending"]["kind"] == "which");
  BOOST_TEST((*e.conversation)["pending"]["intent"] == "log_thank_you");
  // Named: no question. By company, or by a person met only there.
  auto named = run("log_thank_you", {{"channel", "email"}, {"company", "Globex"}}, o);
  BOOST_TEST(named.interviews->at(1).people[0].thanked_at.has_value());
  auto by_person = run("log_thank_you", {{"people", people({"Raj"})}}, o);
  BOOST_TEST(by_person.interviews->at(1).people[0].thanked_at.has_value());
  auto in_passing =
      run("log_thank_you", {}, with_interviews({acme(), globex()}, "sent the globex one"));
  BOOST_TEST(in_passing.interviews->at(1).people[0].thanked_at.has_value());
  // A company the user is not tracking.
  auto unknown = run("log_thank_you", {{"company", "Initech"}}, o);
  BOOST_TEST(says(answer{unknown.replies}, "interviews.unknown_company"));
}

BOOST_AUTO_TEST_CASE(log_call_counts_unanswered_calls_and_advises_from_them) {
  auto i = acme();
  auto first = run("log_call", {{"call_outcome", "no_answer"}}, with_interviews({i}));
  auto after_one = only(first);
  BOOST_TEST(after_one.calls == 1);
  BOOST_TEST(after_one.unanswered == 1);
  BOOST_TEST(says(answer{first.replies}, "advice.call_again.first_call_back"));
  auto second = run("log_call", {{"call_outcome", "voicemail"}}, with_interviews({after_one}));
  auto after_two = only(second);
  BOOST_TEST(after_two.voicemails == 1);
  BOOST_TEST(after_two.unanswered == 2);
  BOOST_TEST(says(answer{second.replies}, "advice.call_again.second_call_back"));
  BOOST_TEST(says(answer{second.replies}, "advice.call_again.last_one"));
  auto third = run("log_call", {{"call_outcome", "no_answer"}}, with_interviews({after_two}));
  BOOST_TEST(says(answer{third.replies}, "advice.call_again.stop"));
  auto spoke = run("log_call", {{"call_outcome", "spoke"}}, with_interviews({only(third)}));
  BOOST_TEST(only(spoke).unanswered == 0);
  BOOST_TEST(only(spoke).calls == 4);
  BOOST_TEST(says(answer{spoke.replies}, "log_call.spoke"));
}

BOOST_AUTO_TEST_CASE(should_i_call_again_uses_the_logged_calls) {
  auto i = acme();
  i.calls = i.unanswered = 1;
  i.contact_log.push_back(
      contact{wednesday_2pm - std::chrono::hours(24), "call", "no_answer", "", ""});
  auto once = ask("ask_call_again", json::object(), with_interviews({i}));
  BOOST_TEST(clean(once));
  BOOST_TEST(says(once, "advice.call_again.yes"));
  BOOST_TEST(says(once, "advice.call_again.first_call_back"));
  BOOST_TEST(has(once, "today"));
  i.calls = i.unanswered = 3;
  auto over = ask("ask_call_again", json::object(), with_interviews({i}));
  BOOST_TEST(clean(over));
  BOOST_TEST(says(over, "advice.call_again.no"));
  BOOST_TEST(says(over, "advice.call_again.move_on_day"));
  BOOST_TEST(has(over, "Tuesday, November 24"));  // the last call + 7 days
  BOOST_TEST(has(over, "overkill"));
  i.unanswered = 0;
  BOOST_TEST(
      says(ask("ask_call_again", json::object(), with_interviews({i})), "advice.call_again.spoke"));
}

BOOST_AUTO_TEST_CASE(texting_a_thank_you_is_no_and_names_who_to_email) {
  auto a = ask("ask_channel", {{"channel", "text"}}, with_interviews({acme()}));
  BOOST_TEST(clean(a));
  BOOST_TEST(says(a, "advice.channel.too_casual"));
  BOOST_TEST(says(a, "advice.channel.still_to_thank"));
  BOOST_TEST(has(a, "Jane Smith (by email) and Bob Lee (by email)"));
  // A handwritten note while there is still time to mail it.
  auto fresh = acme();
  fresh.at = wednesday_2pm - std::chrono::hours(2);
  fresh.people[1].preferred_channel = "handwritten";
  BOOST_TEST(has(ask("ask_channel", {{"channel", "text"}}, with_interviews({fresh})),
                 "Bob Lee (by handwritten note)"));
}

BOOST_AUTO_TEST_CASE(a_thank_you_three_days_later_is_late_but_worth_an_email) {
  auto i = acme();
  i.at = wednesday_2pm - std::chrono::hours(72);
  auto timing = ask("ask_timing", json::object(), with_interviews({i}));
  BOOST_TEST(clean(timing));
  BOOST_TEST(says(timing, "advice.timing.late"));
  BOOST_TEST(has(timing, "email"));
  auto whether = ask("ask_thank_you", json::object(), with_interviews({i}));
  BOOST_TEST(clean(whether));
  BOOST_TEST(says(whether, "advice.thank_you.named_many"));
  BOOST_TEST(has(whether, "Jane Smith and Bob Lee"));
  BOOST_TEST(says(whether, "advice.timing.late"));
  for (auto& p : i.people) p.thanked_at = i.at;
  BOOST_TEST(says(ask("ask_thank_you", json::object(), with_interviews({i})),
                  "advice.thank_you.all_thanked"));
}

BOOST_AUTO_TEST_CASE(set_follow_up_date_saves_call_and_decision_days) {
  auto call = run("set_follow_up_date", {{"dates", {date_entity("2026-11-20")}}},
                  with_interviews({acme()}, "she said to call her friday"));
  BOOST_TEST(day_string(*only(call).call_on) == "2026-11-20");
  BOOST_TEST(says(answer{call.replies}, "set_follow_up_date.call_on"));
  BOOST_TEST(call.replies.front().find("Acme") != std::string::npos);
  auto decide = run("set_follow_up_date", {{"dates", {date_entity("2026-11-20", "", "by")}}},
                    with_interviews({acme()}, "they will decide by friday"));
  BOOST_TEST(day_string(*only(decide).decision_by) == "2026-11-20");
  BOOST_TEST(!only(decide).call_on.has_value());
  // A day already gone is advice only.
  auto past = run("set_follow_up_date", {{"dates", {date_entity("2026-11-10")}}},
                  with_interviews({acme()}));
  BOOST_TEST(!past.interviews.has_value());
}

BOOST_AUTO_TEST_CASE(record_outcome_closes_the_interview) {
  auto e = run("record_outcome", {{"outcome", "rejected"}}, with_interviews({acme()}));
  BOOST_TEST((only(e).status == interview_status::rejected));
  BOOST_TEST(says(answer{e.replies}, "record_outcome.closed"));
  auto offer = ask("record_outcome", {{"outcome", "offer"}}, with_interviews({acme()}));
  BOOST_TEST(says(offer, "record_outcome.offer_company"));
  BOOST_TEST(has(offer, "Acme"));
  // Without interviews: the advice alone.
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "offer"}}), "record_outcome.offer"));
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "withdrew"}}), "record_outcome.withdrew"));
  BOOST_TEST(says(ask("record_outcome", {{"outcome", "moved_on"}}), "record_outcome.moved_on"));
  BOOST_TEST(says(ask("record_outcome"), "record_outcome.ask"));
}

BOOST_AUTO_TEST_CASE(status_lists_open_interviews_with_their_next_step) {
  BOOST_TEST(says(ask("show_status"), "status.none"));
  auto thanked = acme();
  for (auto& p : thanked.people) p.thanked_at = thanked.at;
  thanked.call_on = std::chrono::local_days{std::chrono::year{2026} / 11 / 20};
  auto closed = globex();
  closed.status = interview_status::rejected;
  auto fresh = globex(3);
  fresh.company = "Initech";
  auto a = ask("show_status", json::object(), with_interviews({closed, thanked, fresh}));
  BOOST_TEST(clean(a));
  BOOST_TEST(has(a, "thank Raj Patel, today"));
  BOOST_TEST(has(a, "call Jane Smith on Friday"));
  BOOST_TEST(has(a, "Globex, on November 16 at 2:00 PM: not this time."));
  // Soonest step first, closed last.
  const auto& text = a.texts.front();
  BOOST_TEST(text.find("Initech") < text.find("Acme"));
  BOOST_TEST(text.find("Acme") < text.find("Globex"));
}

BOOST_AUTO_TEST_CASE(delete_one_interview_or_everything_after_confirmation) {
  auto o = with_interviews({acme(), globex()});
  auto one = run("delete_data", {{"company", "Acme"}}, o);
  BOOST_REQUIRE(one.interviews.has_value());
  BOOST_TEST(one.interviews->size() == 1u);
  BOOST_TEST(one.interviews->front().company == "Globex");
  BOOST_TEST(says(answer{one.replies}, "delete.one"));
  auto missing = run("delete_data", {{"company", "Initech"}}, o);
  BOOST_TEST(says(answer{missing.replies}, "interviews.unknown_company"));
  BOOST_TEST(!missing.interviews.has_value());
  auto all = run("delete_data", json::object(), o);
  BOOST_TEST(says(answer{all.replies}, "delete.confirm"));
  BOOST_TEST(all.replies.front().find("2 interviews") != std::string::npos);
  BOOST_TEST(!all.forget_user);
  BOOST_TEST((*all.conversation)["pending"]["kind"] == "confirm_delete");
}

BOOST_AUTO_TEST_CASE(reminder_settings_and_time_zone) {
  auto off = run("nudge_settings", json::object(), with_interviews({}, "stop reminders"));
  BOOST_REQUIRE(off.settings.has_value());
  BOOST_TEST(!off.settings->nudges_on);
  BOOST_TEST(says(answer{off.replies}, "settings.nudges_off"));
  auto on = run("nudge_settings", json::object(), with_interviews({}, "turn reminders back on"));
  BOOST_TEST(on.settings->nudges_on);
  auto show = ask("show_settings");
  BOOST_TEST(clean(show));
  BOOST_TEST(has(show, "America/New_York"));
  BOOST_TEST(has(show, "9:00 PM"));
  // The first time the user says where they are, typed times keep their wall clock.
  auto moved =
      run("set_timezone", {{"timezone", "America/Los_Angeles"}}, with_interviews({acme()}));
  BOOST_TEST(*moved.timezone == "America/Los_Angeles");
  BOOST_TEST((only(moved).at == acme().at + std::chrono::hours(3)));
  BOOST_TEST((*moved.conversation)["timezone_set"] == true);
  call_options settled = with_interviews({acme()});
  settled.conversation = {{"timezone_set", true}};
  BOOST_TEST(!run("set_timezone", {{"timezone", "Europe/Paris"}}, settled).interviews.has_value());
}

BOOST_AUTO_TEST_CASE(export_replies_with_the_design_document) {
  auto e = run("export", json::object(), with_interviews({acme()}));
  auto text = e.replies.front();
  auto doc = json::parse(text.substr(text.find('{')));
  BOOST_TEST(doc["user"]["timezone"] == "America/New_York");
  BOOST_TEST(doc["interviews"][0]["company"] == "Acme");
  BOOST_TEST(doc["interviews"][0]["at"] == "2026-11-16T14:00:00-05:00");
  BOOST_TEST(doc["interviews"][0]["status"] == "awaiting_decision");
  BOOST_TEST(doc["interviews"][0]["people"][0]["title"] == "recruiter");
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
  call_options salary;
  salary.text = "they made me an offer, how do I negotiate the salary?";
  auto off = ask("unknown", json::object(), salary);
  BOOST_TEST(says(off, "unknown.job_search"));
  BOOST_TEST(has(off, "salary and negotiation"));
  call_options weather;
  weather.text = "will it rain in Leeds tomorrow";
  BOOST_TEST(says(ask("unknown", json::object(), weather), "unknown.other"));
}

// ---------------------------------------------------------------- drafts to copy and send

namespace {

// Every run of ask_draft over several seeds: the drafts (marked to copy) and the rest.
struct drafted {
  std::vector<std::string> drafts;  // without the mark
  std::vector<std::string> plain;   // intro, tips
  std::string all() const {
    std::string out;
    for (const auto& d : plain) out += "\n  [" + d + "]";
    for (const auto& d : drafts) out += "\n  {{" + d + "}}";
    return out;
  }
};

drafted draft(const std::string& text, call_options o, json entities = json::object()) {
  o.text = text;
  built_turn b("ask_draft", std::move(entities), o);
  drafted out;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    auto e = b.run(seed, o.now);
    BOOST_TEST(!e.interviews.has_value(), "a draft changes nothing stored");
    for (const auto& r : e.replies) {
      if (is_copyable(r)) {
        out.drafts.push_back(without_copy_mark(r));
      } else {
        BOOST_TEST(r.find(copyable_mark) == std::string::npos);
        out.plain.push_back(r);
      }
    }
  }
  return out;
}

// Every draft made from one of `key`'s variants, every slot filled, each naming `needles`.
boost::test_tools::predicate_result drafts_from(const drafted& d, const std::string& key,
                                                std::initializer_list<std::string> needles) {
  static const std::regex slot(R"(\{[a-z_]+\})");
  if (d.drafts.empty()) {
    boost::test_tools::predicate_result res(false);
    res.message() << "no draft in" << d.all();
    return res;
  }
  const auto& variants = project_rules().replies.at(key);
  for (const auto& text : d.drafts) {
    bool any = false;
    for (const auto& v : variants) any = any || made_from(text, v);
    std::string missing;
    for (const auto& n : needles) {
      if (text.find(n) == std::string::npos) missing = n;
    }
    if (!any || !missing.empty() || std::regex_search(text, slot)) {
      boost::test_tools::predicate_result res(false);
      res.message() << "not from '" << key << "'" << (missing.empty() ? "" : ", no " + missing)
                    << " or a slot left in" << d.all();
      return res;
    }
  }
  return true;
}

// Acme two days ago with a recruiter, a hiring manager and a panel member, and a detail noted.
interview acme_panel() {
  interview i = acme();
  i.people.push_back(person{"Ana Ruiz", "senior engineer", "", std::nullopt, ""});
  log_contact(i, contact{i.at, "note", "", "", "their new warehouse system"});
  return i;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_thank_you_draft_per_person_in_their_role_with_the_detail_noted) {
  auto o = with_interviews({acme_panel()});
  struct {
    const char* name;
    const char* role;
    const char* greets;
  } cases[] = {{"Jane", "recruiter", "Hi Jane,"},
               {"Bob", "hiring_manager", "Dear Bob Lee,"},
               {"Ana", "interviewer", "Dear Ana Ruiz,"}};
  for (const auto& c : cases) {
    auto d = draft(std::string("help me write the thank-you to ") + c.name, o);
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(d.drafts.size() == 6u, d.all());
      BOOST_TEST(drafts_from(d, std::string("drafts.thank_you.body.") + c.role,
                             {c.greets, "Acme", "Data Analyst", "their new warehouse system",
                              "Subject: ", "Maria", "on Monday"}));
    }
  }
  // All of them: one each, the recruiter's and the others' in their own words.
  auto all = draft("write thank you notes for all of them", o);
  BOOST_TEST(all.drafts.size() == 18u, all.all());
  BOOST_TEST(all.plain.front().find("Jane Smith, Bob Lee and Ana Ruiz") != std::string::npos,
             all.all());
  // Nothing said: whoever is still owed one (Jane already thanked).
  auto thanked = acme_panel();
  thanked.people[0].thanked_at = thanked.at + std::chrono::hours(3);
  auto owed = draft("what should I write?", with_interviews({thanked}));
  BOOST_TEST(owed.drafts.size() == 12u, owed.all());
  for (const auto& text : owed.drafts) BOOST_TEST(text.find("Jane") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_handwritten_card_when_the_user_chose_mail) {
  auto i = acme_panel();
  i.thank_you_plan = "handwritten";
  auto d = draft("write the thank you to Bob", with_interviews({i}));
  BOOST_TEST(drafts_from(d, "drafts.card.hiring_manager", {"Dear Bob Lee,", "Maria", "Acme"}));
  for (const auto& text : d.drafts) BOOST_TEST(text.find("Subject:") == std::string::npos);
  BOOST_TEST(d.plain.front().find("in the mail within 48 hours") != std::string::npos, d.all());
  auto to_jane = draft("card for jane please", with_interviews({acme_panel()}),
                       json{{"channel", "handwritten"}});
  BOOST_TEST(drafts_from(to_jane, "drafts.card.recruiter", {"Dear Jane,"}));
}

BOOST_AUTO_TEST_CASE(a_follow_up_once_the_decision_day_passed_and_a_check_in_after_silence) {
  auto i = acme_panel();
  i.people[0].thanked_at = i.at + std::chrono::hours(2);
  i.people[1].thanked_at = i.at + std::chrono::hours(2);
  i.people[2].thanked_at = i.at + std::chrono::hours(2);
  i.decision_by =
      local_day(*nlu::find_zone("America/New_York"), wednesday_2pm) - std::chrono::days(1);
  // Nothing named: the follow-up is what this interview calls for, to the recruiter.
  auto d = draft("can you write it for me", with_interviews({i}));
  BOOST_TEST(drafts_from(d, "drafts.follow_up.body.recruiter",
                         {"Hi Jane,", "Tuesday, November 17", "Subject: "}));
  auto to_bob = draft("draft a follow up email to Bob", with_interviews({i}));
  BOOST_TEST(drafts_from(to_bob, "drafts.follow_up.body.hiring_manager", {"Dear Bob Lee,"}));
  auto to_ana = draft("draft a follow up email to Ana", with_interviews({i}));
  BOOST_TEST(drafts_from(to_ana, "drafts.follow_up.body.interviewer", {"Dear Ana Ruiz,"}));

  // No decision day, nine quiet days: a check-in.
  i.decision_by.reset();
  call_options later = with_interviews({i});
  later.now = i.at + std::chrono::days(9);
  auto quiet = draft("what should I send them?", later);
  BOOST_TEST(drafts_from(quiet, "drafts.check_in.body.recruiter",
                         {"Hi Jane,", "on Monday, November 16", "Subject: "}));
  for (const char* who : {"Bob", "Ana"}) {
    auto one = draft(std::string("write a check in email for ") + who, later);
    BOOST_TEST(drafts_from(one,
                           std::string("drafts.check_in.body.") +
                               (who == std::string("Bob") ? "hiring_manager" : "interviewer"),
                           {"Acme"}));
  }
}

BOOST_AUTO_TEST_CASE(a_call_script_with_its_voicemail_and_a_gracious_reply_to_a_no) {
  auto o = with_interviews({acme_panel()});
  auto call = draft("what do I say when I call?", o);
  BOOST_TEST(drafts_from(call, "drafts.call.recruiter", {"Jane", "Maria", "Data Analyst"}));
  BOOST_TEST(call.drafts.front().find("voicemail") != std::string::npos);
  BOOST_TEST(drafts_from(draft("script for calling Bob", o), "drafts.call.hiring_manager",
                         {"Bob", "Acme"}));
  BOOST_TEST(
      drafts_from(draft("script for calling Ana", o), "drafts.call.interviewer", {"Ana", "Acme"}));

  auto no = acme_panel();
  no.status = interview_status::rejected;
  auto o2 = with_interviews({no});
  BOOST_TEST(drafts_from(draft("how do I reply?", o2), "drafts.rejection.body.recruiter",
                         {"Hi Jane,", "Acme"}));
  BOOST_TEST(drafts_from(draft("help me answer Bob's rejection email", o2),
                         "drafts.rejection.body.hiring_manager", {"Dear Bob Lee,", "Acme"}));
  BOOST_TEST(drafts_from(draft("reply to Ana about the rejection", o2),
                         "drafts.rejection.body.interviewer", {"Dear Ana Ruiz,", "Acme"}));
}

BOOST_AUTO_TEST_CASE(never_a_text_or_social_draft_nor_an_offer_acceptance) {
  auto o = with_interviews({acme_panel()});
  auto text = draft("write a text to Jane to say thanks", o, json{{"channel", "text"}});
  BOOST_TEST(text.plain.front() == project_rules().replies.at("drafts.not_text").front());
  BOOST_TEST(drafts_from(text, "drafts.thank_you.body.recruiter", {"Subject: "}));
  auto social = draft("linkedin message to thank Bob", o, json{{"channel", "social"}});
  BOOST_TEST(drafts_from(social, "drafts.thank_you.body.hiring_manager", {"Subject: "}));

  auto offer = draft("help me accept the offer in writing", o, json{{"outcome", "offer"}});
  BOOST_TEST(offer.drafts.empty(), offer.all());
  BOOST_TEST(says(answer{offer.plain}, "drafts.offer"));
}

BOOST_AUTO_TEST_CASE(without_a_stored_interview_the_draft_says_what_to_fill_in) {
  call_options none;
  auto d = draft("can you write my thank you email", none);
  BOOST_TEST(drafts_from(d, "drafts.thank_you.body.interviewer",
                         {"Hello,", "[company]", "[day of the interview]", "Maria"}));
  BOOST_TEST(says(answer{{d.plain.back()}}, "drafts.fill_in_unknown"));
  // From the message itself when it names them.
  auto named = draft("thank you email to Priya at Brightline", none,
                     json{{"company", "Brightline"}, {"people", people({"Priya"})}});
  BOOST_TEST(
      drafts_from(named, "drafts.thank_you.body.hiring_manager", {"Dear Priya,", "Brightline"}));
  // Several interviews and none named: which one?
  auto both = with_interviews({acme(1), globex(2)});
  auto which = run("ask_draft", json::object(), both);
  BOOST_TEST(which.replies.size() == 1u);
  BOOST_TEST(says(answer{which.replies}, "interviews.which"));
}

BOOST_AUTO_TEST_CASE(a_detail_told_in_passing_is_kept_for_the_drafts_and_exported) {
  auto o = with_interviews({acme()}, "we talked about their new warehouse system");
  built_turn b("log_call", json{{"note", "their new warehouse system"}}, o);
  turn t{b.message, b.meaning, b.user, *b.rules_data, o.now, 0};
  BOOST_TEST(only_tells_a_detail(t));
  auto kept = handle_keep_note(t);
  BOOST_REQUIRE(kept.interviews.has_value());
  const auto& log = kept.interviews->front().contact_log;
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST(log.front().kind == "note");
  BOOST_TEST(log.front().note == "their new warehouse system");
  BOOST_TEST(says(answer{kept.replies}, "drafts.note_kept"));
  // Not a contact: the week of silence still counts from the interview.
  BOOST_TEST((kept.interviews->front().last_contact() == acme().at));
  user_state u;
  u.timezone = "America/New_York";
  u.interviews = *kept.interviews;
  auto doc = export_document(u);
  BOOST_TEST(doc["interviews"][0]["contact_log"][0]["note"] == "their new warehouse system");
  // A call with a detail is a call to log.
  auto call = with_interviews({acme()}, "called Jane, we talked about the start date");
  built_turn c("log_call", json{{"note", "the start date"}, {"call_outcome", "spoke"}}, call);
  turn tc{c.message, c.meaning, c.user, *c.rules_data, call.now, 0};
  BOOST_TEST(!only_tells_a_detail(tc));
}

BOOST_AUTO_TEST_SUITE_END()
