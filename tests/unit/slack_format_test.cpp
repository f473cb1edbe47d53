#include <boost/test/unit_test.hpp>

#include "bot/platforms/slack/format.hpp"

using namespace followup::slack;

BOOST_AUTO_TEST_SUITE(slack_format)

BOOST_AUTO_TEST_CASE(mrkdwn_escapes_exactly_ampersand_and_angle_brackets) {
  BOOST_TEST(escape_mrkdwn("Tom & Jerry <b> *bold* _it_ \"q\"") ==
             "Tom &amp; Jerry &lt;b&gt; *bold* _it_ \"q\"");
  // A user id in a reply must not become a mention, nor a link a link.
  BOOST_TEST(escape_mrkdwn("<@U123> <!channel> <https://x|y>") ==
             "&lt;@U123&gt; &lt;!channel&gt; &lt;https://x|y&gt;");
  BOOST_TEST(escape_mrkdwn("&amp;") == "&amp;amp;");
}

BOOST_AUTO_TEST_CASE(short_text_is_one_part_and_long_text_is_split_on_words) {
  auto one = split_message("Send the thank-you today.");
  BOOST_REQUIRE_EQUAL(one.size(), 1u);
  BOOST_TEST(one[0] == "Send the thank-you today.");

  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += "word" + std::to_string(i) + " ";
  auto parts = split_message(long_text, 500);
  BOOST_TEST(parts.size() > 1u);
  std::string joined;
  for (const auto& p : parts) {
    BOOST_TEST(p.size() <= 500u);
    BOOST_TEST(p.back() != ' ');
    BOOST_TEST(p.find("word") == 0u);  // never cut inside a word
    joined += p + " ";
  }
  BOOST_TEST(joined == long_text);
  auto by_default = split_message(long_text);
  BOOST_TEST(by_default.size() >= 3u);
  for (const auto& p : by_default) BOOST_TEST(p.size() <= max_message_length);
}

BOOST_AUTO_TEST_CASE(plain_text_undoes_slack_markup) {
  BOOST_TEST(plain_text("&lt;3 &amp; thanks &gt; all") == "<3 & thanks > all");
  BOOST_TEST(plain_text("see <https://acme.com/jobs|Acme careers> or <https://x.io>") ==
             "see Acme careers or https://x.io");
  BOOST_TEST(plain_text("ask <@U2CERLKJA|roadrunner> in <#C0LAN2Q65|jobs> <!here>") ==
             "ask @roadrunner in #jobs @here");
  BOOST_TEST(plain_text("cc <@W021FGA1Z>") == "cc @W021FGA1Z");
  BOOST_TEST(plain_text("a < b") == "a < b");  // an unmatched bracket stays
}

BOOST_AUTO_TEST_CASE(plain_text_removes_the_bots_own_mention_anywhere) {
  BOOST_TEST(plain_text("<@U0LAN0Z89> is it everything a river should be?", "U0LAN0Z89") ==
             "is it everything a river should be?");
  BOOST_TEST(plain_text("You can count on <@U0LAN0Z89> for an honorable mention.", "U0LAN0Z89") ==
             "You can count on for an honorable mention.");
  BOOST_TEST(plain_text("<@U0LAN0Z89|followup>  help  ", "U0LAN0Z89") == "help");
  // Someone else's mention stays readable.
  BOOST_TEST(plain_text("<@U0LAN0Z89> ask <@U999>", "U0LAN0Z89") == "ask @U999");
}

BOOST_AUTO_TEST_CASE(truncation_keeps_utf8_whole) {
  std::string euros;
  for (int i = 0; i < 10; ++i) euros += "\xe2\x82\xac";  // €, 3 bytes each
  auto cut = truncate_utf8(euros, 10);
  BOOST_TEST(cut.size() == 9u);
  BOOST_TEST(truncate_utf8(euros, 9).size() == 9u);
  BOOST_TEST(truncate_utf8("short", 10) == "short");
  BOOST_TEST(truncate_utf8("abc\xf0\x9f\x98\x80", 5) == "abc");
}

BOOST_AUTO_TEST_SUITE_END()
