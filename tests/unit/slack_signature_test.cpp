#include <boost/test/unit_test.hpp>

#include <ostream>

#include "bot/platforms/slack/signature.hpp"

namespace followup::slack {
// For Boost.Test's messages.
std::ostream& operator<<(std::ostream& os, signature_status s) {
  return os << to_string(s);
}
}  // namespace followup::slack

using namespace followup;
using namespace followup::slack;
using namespace std::chrono_literals;

namespace {
// The vector from Slack's public SDK tests (a recorded slash command).
constexpr std::string_view sdk_secret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::string_view sdk_timestamp = "1531420618";
constexpr std::string_view sdk_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
constexpr std::string_view sdk_signature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const sys_time sdk_now = sys_time{1531420618s};
}  // namespace

BOOST_AUTO_TEST_SUITE(slack_signature)

BOOST_AUTO_TEST_CASE(the_sdk_test_vector_signs_and_verifies) {
  BOOST_TEST(sign(sdk_secret, sdk_timestamp, sdk_body) == sdk_signature);
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, sdk_body, sdk_now) ==
             signature_status::valid);
}

BOOST_AUTO_TEST_CASE(a_modified_body_fails) {
  std::string body(sdk_body);
  body.replace(body.find("roadrunner"), 10, "coyote0000");
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, body, sdk_now) ==
             signature_status::bad_signature);
  // One byte more at the end is enough.
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, std::string(sdk_body) + " ",
                    sdk_now) == signature_status::bad_signature);
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_or_signature_fails) {
  BOOST_TEST(verify("another-secret", sdk_timestamp, sdk_signature, sdk_body, sdk_now) ==
             signature_status::bad_signature);
  std::string flipped(sdk_signature);
  flipped.back() = flipped.back() == '3' ? '4' : '3';
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, flipped, sdk_body, sdk_now) ==
             signature_status::bad_signature);
  // Without the version prefix, upper-case hex, or truncated: not what Slack sends.
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature.substr(3), sdk_body, sdk_now) ==
             signature_status::bad_signature);
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature.substr(0, 40), sdk_body, sdk_now) ==
             signature_status::bad_signature);
  // An unset secret never verifies, even against a signature made with it.
  BOOST_TEST(verify("", sdk_timestamp, sign("", sdk_timestamp, sdk_body), sdk_body, sdk_now) ==
             signature_status::bad_signature);
}

BOOST_AUTO_TEST_CASE(the_timestamp_is_part_of_what_is_signed) {
  // Replaying the body and signature with a fresh timestamp must not work.
  BOOST_TEST(verify(sdk_secret, "1531420619", sdk_signature, sdk_body, sdk_now) ==
             signature_status::bad_signature);
}

BOOST_AUTO_TEST_CASE(old_and_future_timestamps_fail_at_five_minutes) {
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, sdk_body, sdk_now + 300s) ==
             signature_status::valid);
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, sdk_body, sdk_now + 301s) ==
             signature_status::stale_timestamp);
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, sdk_body, sdk_now - 301s) ==
             signature_status::stale_timestamp);
  // The recorded request, checked today: long stale.
  auto today = sys_time{std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch())};
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, sdk_signature, sdk_body, today) ==
             signature_status::stale_timestamp);
}

BOOST_AUTO_TEST_CASE(missing_or_malformed_headers_fail) {
  BOOST_TEST(verify(sdk_secret, "", sdk_signature, sdk_body, sdk_now) ==
             signature_status::missing_headers);
  BOOST_TEST(verify(sdk_secret, sdk_timestamp, "", sdk_body, sdk_now) ==
             signature_status::missing_headers);
  BOOST_TEST(verify(sdk_secret, "", "", sdk_body, sdk_now) == signature_status::missing_headers);
  for (std::string_view bad : {"1531420618.5", "-1531420618", "abc", "99999999999999999999",
                               " 1531420618", "1531420618 "}) {
    BOOST_TEST(verify(sdk_secret, bad, sdk_signature, sdk_body, sdk_now) ==
                   signature_status::malformed_timestamp,
               bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
