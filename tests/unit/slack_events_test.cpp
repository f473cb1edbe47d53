#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "bot/platforms/slack/events.hpp"
#include "bot/platforms/slack/format.hpp"
#include "bot/platforms/slack/slash_command.hpp"

using namespace followup;
using namespace followup::slack;

// Payloads as recorded in Slack's public documentation (api.slack.com/events/...), with the
// `authorizations` block Slack attaches to every current event_callback where noted.
namespace {
const char* url_verification = R"({
    "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
    "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    "type": "url_verification"
})";

const char* message_im = R"({
    "token": "one-long-verification-token",
    "team_id": "T061EG9R6",
    "api_app_id": "A0PNCHHK2",
    "event": {
        "type": "message",
        "channel": "D024BE91L",
        "user": "U2147483697",
        "text": "Hello hello can you hear me?",
        "ts": "1355517523.000005",
        "event_ts": "1355517523.000005",
        "channel_type": "im"
    },
    "type": "event_callback",
    "authed_teams": ["T061EG9R6"],
    "event_id": "Ev0PV52K21",
    "event_time": 1355517523
})";

const char* app_mention = R"({
    "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
    "team_id": "T061EG9R6",
    "api_app_id": "A0MDYCDME",
    "event": {
        "type": "app_mention",
        "user": "W021FGA1Z",
        "text": "You can count on <@U0LAN0Z89> for an honorable mention.",
        "ts": "1515449483.000108",
        "channel": "C0LAN2Q65",
        "event_ts": "1515449483000108"
    },
    "type": "event_callback",
    "event_id": "Ev0MDYHUEL",
    "event_time": 1515449483,
    "authorizations": [{"enterprise_id": null, "team_id": "T061EG9R6", "user_id": "U0LAN0Z89",
                        "is_bot": true, "is_enterprise_install": false}]
})";

// The short example, in an envelope without authorizations (as older deliveries were).
const char* app_mention_leading = R"({
    "type": "event_callback",
    "event_id": "Ev0MDYGDKJ",
    "event_time": 1515449522,
    "event": {
        "type": "app_mention",
        "user": "U061F7AUR",
        "text": "<@U0LAN0Z89> is it everything a river should be?",
        "ts": "1515449522.000016",
        "channel": "C0LAN2Q65",
        "event_ts": "1515449522000016"
    },
    "authed_users": ["U0LAN0Z89"]
})";

const char* bot_message = R"({
    "token": "XXYYZZ",
    "team_id": "T123ABC456",
    "api_app_id": "A123ABC456",
    "event": {
        "type": "message",
        "subtype": "bot_message",
        "ts": "1358877455.000010",
        "text": "Pushing is the answer",
        "bot_id": "BB12033",
        "username": "github",
        "icons": {},
        "channel": "D024BE91L",
        "channel_type": "im"
    },
    "type": "event_callback",
    "authed_users": ["U123ABC456", "U222222222"],
    "event_id": "Ev123ABC456",
    "event_time": 123456789
})";

const char* message_changed = R"({
    "token": "XXYYZZ",
    "team_id": "T123ABC456",
    "api_app_id": "A123ABC456",
    "event": {
        "type": "message",
        "subtype": "message_changed",
        "hidden": true,
        "channel": "D024BE91L",
        "channel_type": "im",
        "ts": "1358878755.000001",
        "message": {
            "type": "message",
            "user": "U123ABC456",
            "text": "Hello, world!",
            "ts": "1355517523.000005",
            "edited": {"user": "U123ABC456", "ts": "1358878755.000001"}
        }
    },
    "type": "event_callback",
    "authed_users": ["U123ABC456", "U222222222"],
    "event_id": "Ev123ABC457",
    "event_time": 123456789
})";

// What Slack sends back to us after our own chat.postMessage in a DM.
const char* own_reply = R"({
    "type": "event_callback",
    "event_id": "Ev0OWNREPLY",
    "event_time": 1700000000,
    "event": {
        "type": "message", "channel": "D024BE91L", "channel_type": "im",
        "user": "U0LAN0Z89", "bot_id": "B0LAN0Z89", "app_id": "A0MDYCDME",
        "text": "Send the thank-you today.", "ts": "1700000000.000100"
    },
    "authorizations": [{"team_id": "T061EG9R6", "user_id": "U0LAN0Z89", "is_bot": true}]
})";

const char* channel_message = R"({
    "token": "one-long-verification-token",
    "team_id": "T123ABC456",
    "api_app_id": "A123ABC456",
    "event": {
        "type": "message",
        "channel": "C123ABC456",
        "user": "U123ABC456",
        "text": "Live long and prospect.",
        "ts": "1355517523.000005",
        "event_ts": "1355517523.000005",
        "channel_type": "channel"
    },
    "type": "event_callback",
    "authed_teams": ["T123ABC456"],
    "event_id": "Ev123ABC458",
    "event_time": 1355517523
})";

std::string dm_with_text(const std::string& text_json) {
  return R"({"type":"event_callback","event_id":"EvTEXT","event_time":1,)"
         R"("event":{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":)" +
         text_json + "}}";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(slack_events)

BOOST_AUTO_TEST_CASE(url_verification_yields_the_challenge) {
  auto p = parse_event(url_verification);
  BOOST_TEST((p.what == parsed_event::kind::url_verification));
  BOOST_TEST(p.challenge == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  BOOST_TEST(!p.message.has_value());
  auto empty = parse_event(R"({"type":"url_verification","challenge":""})");
  BOOST_TEST((empty.what == parsed_event::kind::ignored));
}

BOOST_AUTO_TEST_CASE(a_direct_message_becomes_an_inbound) {
  auto p = parse_event(message_im);
  BOOST_REQUIRE((p.what == parsed_event::kind::message));
  BOOST_REQUIRE(p.message.has_value());
  const auto& m = *p.message;
  BOOST_TEST(m.platform == "slack");
  BOOST_TEST(m.update_id == "Ev0PV52K21");
  BOOST_TEST(m.user_id == "U2147483697");
  BOOST_TEST(m.chat_id == "D024BE91L");
  BOOST_TEST(m.home_chat.empty());  // a DM is home already
  BOOST_TEST(m.text == "Hello hello can you hear me?");
  BOOST_TEST(m.has_text);
  BOOST_TEST(to_millis(m.sent_at) == 1355517523000);
}

BOOST_AUTO_TEST_CASE(a_mention_loses_the_bots_mention_and_replies_in_the_channel) {
  auto p = parse_event(app_mention);
  BOOST_REQUIRE(p.message.has_value());
  BOOST_TEST(p.message->update_id == "Ev0MDYHUEL");
  BOOST_TEST(p.message->user_id == "W021FGA1Z");
  BOOST_TEST(p.message->chat_id == "C0LAN2Q65");
  BOOST_TEST(p.message->home_chat == "W021FGA1Z");  // reminders go to the DM
  BOOST_TEST(p.message->text == "You can count on for an honorable mention.");
  BOOST_TEST(p.message->thread.empty());
  auto threaded = nlohmann::json::parse(app_mention);
  threaded["event"]["thread_ts"] = "1515449000.000100";
  auto t = parse_event(threaded.dump());
  BOOST_REQUIRE(t.message.has_value());
  BOOST_TEST(t.message->thread == "1515449000.000100");

  auto q = parse_event(app_mention_leading);
  BOOST_REQUIRE(q.message.has_value());
  BOOST_TEST(q.message->text == "is it everything a river should be?");
  BOOST_TEST(q.message->chat_id == "C0LAN2Q65");
}

BOOST_AUTO_TEST_CASE(bots_edits_and_other_subtypes_are_ignored) {
  auto bot = parse_event(bot_message);
  BOOST_TEST((bot.what == parsed_event::kind::ignored));
  BOOST_TEST(bot.ignored.find("bot_message") != std::string::npos, bot.ignored);

  auto edit = parse_event(message_changed);
  BOOST_TEST((edit.what == parsed_event::kind::ignored));
  BOOST_TEST(edit.ignored.find("message_changed") != std::string::npos, edit.ignored);

  auto own = parse_event(own_reply);
  BOOST_TEST((own.what == parsed_event::kind::ignored));
  BOOST_TEST(own.ignored.find("bot") != std::string::npos, own.ignored);

  // Our own user id without a bot_id (should Slack ever omit it) is still ourselves.
  std::string own_no_bot_id(own_reply);
  own_no_bot_id.erase(own_no_bot_id.find(R"("bot_id": "B0LAN0Z89", )"), 23);
  BOOST_REQUIRE(own_no_bot_id.find("bot_id") == std::string::npos);
  auto own2 = parse_event(own_no_bot_id);
  BOOST_TEST((own2.what == parsed_event::kind::ignored));
  BOOST_TEST(own2.ignored.find("own") != std::string::npos, own2.ignored);

  for (const char* sub : {"message_deleted", "channel_join", "channel_topic", "message_replied"}) {
    std::string doc = R"({"type":"event_callback","event_id":"Ev1","event":{"type":"message",)"
                      R"("subtype":")" +
                      std::string(sub) +
                      R"(","channel":"D1","channel_type":"im","user":"U1","text":"x"}})";
    BOOST_TEST((parse_event(doc).what == parsed_event::kind::ignored), sub);
  }
  // A user's /me message is still their text.
  std::string me = R"({"type":"event_callback","event_id":"Ev2","event":{"type":"message",)"
                   R"("subtype":"me_message","channel":"D1","channel_type":"im","user":"U1",)"
                   R"("text":"waves"}})";
  BOOST_TEST((parse_event(me).what == parsed_event::kind::message));
}

BOOST_AUTO_TEST_CASE(channel_messages_and_unknown_events_are_ignored) {
  BOOST_TEST((parse_event(channel_message).what == parsed_event::kind::ignored));
  BOOST_TEST((parse_event(R"({"type":"event_callback","event_id":"Ev3","event":)"
                          R"({"type":"reaction_added","user":"U1"}})")
                  .what == parsed_event::kind::ignored));
  BOOST_TEST((parse_event(R"({"type":"app_rate_limited","minute_rate_limited":1518467820})").what ==
              parsed_event::kind::ignored));
  BOOST_TEST((parse_event("{not json").what == parsed_event::kind::ignored));
  BOOST_TEST((parse_event("[]").what == parsed_event::kind::ignored));
  // No event_id: nothing to deduplicate on, so nothing to act on.
  std::string no_id(message_im);
  no_id.replace(no_id.find("\"event_id\""), 10, "\"event_xx\"");
  BOOST_TEST((parse_event(no_id).what == parsed_event::kind::ignored));
}

BOOST_AUTO_TEST_CASE(text_is_decoded_and_capped) {
  auto p = parse_event(dm_with_text(R"("I &lt;3 &amp; thank <https://acme.com|Acme>")"));
  BOOST_REQUIRE(p.message.has_value());
  BOOST_TEST(p.message->text == "I <3 & thank Acme");

  std::string huge(3 * max_inbound_bytes, 'a');
  huge += "\xe2\x82\xac";
  auto q = parse_event(
      dm_with_text("\"" + std::string(max_inbound_bytes - 1, 'b') + "\xe2\x82\xac" + huge + "\""));
  BOOST_REQUIRE(q.message.has_value());
  BOOST_TEST(q.message->text.size() == max_inbound_bytes - 1);  // the € did not fit whole

  auto no_text = parse_event(R"({"type":"event_callback","event_id":"Ev4","event":)"
                             R"({"type":"message","subtype":"file_share","channel":"D1",)"
                             R"("channel_type":"im","user":"U1","text":""}})");
  BOOST_REQUIRE(no_text.message.has_value());
  BOOST_TEST(!no_text.message->has_text);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(slack_slash_command)

// The recorded command from Slack's SDK tests (also the signature test vector).
const char* sdk_command =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";

BOOST_AUTO_TEST_CASE(the_recorded_command_parses) {
  auto cmd = parse_slash_command(sdk_command);
  BOOST_REQUIRE(cmd.has_value());
  BOOST_TEST(cmd->command == "/webhook-collect");
  BOOST_TEST(cmd->text == "");
  BOOST_TEST(cmd->user_id == "U2CERLKJA");
  BOOST_TEST(cmd->user_name == "roadrunner");
  BOOST_TEST(cmd->channel_id == "G8PSS9T3V");
  BOOST_TEST(cmd->team_id == "T1DC2JH3J");
  BOOST_TEST(cmd->response_url ==
             "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
  BOOST_TEST(cmd->trigger_id == "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

  auto m = to_inbound(*cmd, sdk_command);
  BOOST_TEST(m.platform == "slack");
  BOOST_TEST(m.update_id == "command:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
  BOOST_TEST(m.user_id == "U2CERLKJA");
  BOOST_TEST(m.chat_id == "U2CERLKJA");  // the user's DM with the bot, not channel G8PSS9T3V
}

BOOST_AUTO_TEST_CASE(form_decoding_and_a_key_without_a_trigger) {
  auto form = parse_form("a=1+2%2B3&b=%E2%82%AC&c&=x&d=%zz&a=again");
  BOOST_TEST(form["a"] == "1 2+3");
  BOOST_TEST(form["b"] == "\xe2\x82\xac");
  BOOST_TEST(form["c"] == "");
  BOOST_TEST(form["d"] == "%zz");

  auto cmd = parse_slash_command("command=%2Ffollowup&user_id=U1&text=should+I+call%3F");
  BOOST_REQUIRE(cmd.has_value());
  BOOST_TEST(cmd->text == "should I call?");
  auto a = to_inbound(*cmd, "body one");
  auto b = to_inbound(*cmd, "body two");
  BOOST_TEST(a.update_id.starts_with("command:"));
  BOOST_TEST(a.update_id != b.update_id);  // hashed from the body
  BOOST_TEST(a.update_id == to_inbound(*cmd, "body one").update_id);

  BOOST_TEST(!parse_slash_command("payload=%7B%7D").has_value());  // an interactivity post
  BOOST_TEST(!parse_slash_command("command=%2Ffollowup").has_value());
}

BOOST_AUTO_TEST_CASE(the_answer_is_ephemeral_and_escaped) {
  auto body = ephemeral_response({"Call <Jane> & Raj", "Part two"});
  BOOST_TEST(body ==
             R"({"response_type":"ephemeral","text":"Call &lt;Jane&gt; &amp; Raj\n\nPart two"})");
}

BOOST_AUTO_TEST_SUITE_END()
