#include <boost/test/unit_test.hpp>

#include <boost/asio/error.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/slack/client.hpp"

using namespace followup;
using namespace followup::slack;
using namespace std::chrono_literals;

namespace {
boost::system::result<client_response> answer(
    unsigned status, std::string body,
    std::vector<std::pair<std::string, std::string>> headers = {}) {
  client_response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// chat.postMessage's documented success answer (api.slack.com/methods/chat.postMessage).
const char* documented_ok = R"({
    "ok": true,
    "channel": "C1H9RESGL",
    "ts": "1503435956.000247",
    "message": {
        "text": "Here's a message for you",
        "username": "ecto1",
        "bot_id": "B19LU7CSY",
        "attachments": [{"text": "This is an attachment", "id": 1,
                         "fallback": "This is an attachment's fallback"}],
        "type": "message",
        "subtype": "bot_message",
        "ts": "1503435956.000247"
    }
})";
}  // namespace

BOOST_AUTO_TEST_SUITE(slack_client)

BOOST_AUTO_TEST_CASE(ok_true_is_delivered) {
  BOOST_TEST((classify_response(answer(200, documented_ok)).status == send_status::delivered));
  BOOST_TEST((classify_response(answer(200, R"({"ok":true,"channel":"D1","ts":"1.2"})")).status ==
              send_status::delivered));
  // A warning beside ok:true is still a delivery.
  BOOST_TEST((classify_response(answer(200, R"({"ok":true,"warning":"missing_charset"})")).status ==
              send_status::delivered));
}

BOOST_AUTO_TEST_CASE(http_429_waits_exactly_retry_after) {
  auto o = classify_response(
      answer(429, R"({"ok":false,"error":"ratelimited"})", {{"retry-after", "30"}}));
  BOOST_TEST((o.status == send_status::rate_limited));
  BOOST_TEST(o.retry_after.count() == 30'000);
  BOOST_TEST(o.error.find("ratelimited") != std::string::npos, o.error);

  auto no_header = classify_response(answer(429, R"({"ok":false,"error":"ratelimited"})"));
  BOOST_TEST((no_header.status == send_status::rate_limited));
  BOOST_TEST(no_header.retry_after.count() == 1'000);

  // The same error in a 200 (older behaviour) is still a rate limit.
  auto in_200 = classify_response(
      answer(200, R"({"ok":false,"error":"ratelimited"})", {{"retry-after", "3"}}));
  BOOST_TEST((in_200.status == send_status::rate_limited));
  BOOST_TEST(in_200.retry_after.count() == 3'000);
}

BOOST_AUTO_TEST_CASE(errors_in_a_200_that_will_recur_are_permanent) {
  for (const char* error :
       {"channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "no_text",
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope",
        "restricted_action", "too_many_attachments", "invalid_arguments", "something_new"}) {
    auto body = std::string(R"({"ok":false,"error":")") + error + "\"}";
    auto o = classify_response(answer(200, body));
    BOOST_TEST((o.status == send_status::permanent), error);
    BOOST_TEST(o.error.find(error) != std::string::npos, o.error);
  }
}

BOOST_AUTO_TEST_CASE(slacks_own_trouble_is_transient) {
  for (const char* error : {"internal_error", "fatal_error", "service_unavailable",
                            "request_timeout", "team_added_to_org"}) {
    auto body = std::string(R"({"ok":false,"error":")") + error + "\"}";
    BOOST_TEST((classify_response(answer(200, body)).status == send_status::transient), error);
  }
  BOOST_TEST((classify_response(answer(503, "<html>Service Unavailable</html>")).status ==
              send_status::transient));
  BOOST_TEST((classify_response(answer(500, R"({"ok":false,"error":"internal_error"})")).status ==
              send_status::transient));
  // A 200 that is not a Web API answer: a proxy or the API misbehaving.
  BOOST_TEST(
      (classify_response(answer(200, "<html>gateway</html>")).status == send_status::transient));
  BOOST_TEST((classify_response(answer(200, "")).status == send_status::transient));
  boost::system::result<client_response> down =
      make_error_code(boost::asio::error::connection_refused);
  auto o = classify_response(down);
  BOOST_TEST((o.status == send_status::transient));
  BOOST_TEST(o.error.starts_with("network"));
}

BOOST_AUTO_TEST_CASE(other_http_errors_are_permanent) {
  BOOST_TEST((classify_response(answer(404, "")).status == send_status::permanent));
  BOOST_TEST((classify_response(answer(400, R"({"ok":false,"error":"invalid_json"})")).status ==
              send_status::permanent));
  BOOST_TEST((classify_response(answer(403, "")).status == send_status::permanent));
}

BOOST_AUTO_TEST_CASE(the_request_body_names_the_channel_and_escapes_the_text) {
  outbox_row row;
  row.platform = "slack";
  row.chat_id = "D024BE91L";
  row.text = "Thank <Jane> & \"Raj\" today.\n\xe2\x80\xa2 by email";
  auto doc = nlohmann::json::parse(post_message_body(row));
  BOOST_TEST(doc["channel"].get<std::string>() == "D024BE91L");
  BOOST_TEST(doc["text"].get<std::string>() ==
             "Thank &lt;Jane&gt; &amp; \"Raj\" today.\n\xe2\x80\xa2 by email");
  BOOST_TEST(doc["unfurl_links"].get<bool>() == false);
  BOOST_TEST(!doc.contains("thread_ts"));
  row.thread = "1515449000.000100";
  BOOST_TEST(nlohmann::json::parse(post_message_body(row))["thread_ts"].get<std::string>() ==
             "1515449000.000100");
  // Invalid UTF-8 in stored text must not make an invalid request.
  row.text = "bad \xff byte";
  BOOST_CHECK_NO_THROW(nlohmann::json::parse(post_message_body(row)));
}

BOOST_AUTO_TEST_SUITE_END()
