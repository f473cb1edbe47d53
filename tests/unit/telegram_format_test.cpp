#include <boost/test/unit_test.hpp>

#include "bot/platforms/secret.hpp"
#include "bot/platforms/telegram/format.hpp"
#include "bot/platforms/telegram/update.hpp"

using namespace followup;
using namespace followup::telegram;

BOOST_AUTO_TEST_SUITE(telegram_format)

BOOST_AUTO_TEST_CASE(html_escapes_the_three_special_characters) {
  BOOST_TEST(escape_html("Tom & Jerry <b>\"x\"</b>") == "Tom &amp; Jerry &lt;b&gt;\"x\"&lt;/b&gt;");
  BOOST_TEST(escape_html("plain") == "plain");
}

BOOST_AUTO_TEST_CASE(markdown_v2_escapes_every_reserved_character) {
  BOOST_TEST(escape_markdown_v2("a_b*c[d]e(f)g~h`i>j#k+l-m=n|o{p}q.r!s\\t") ==
             "a\\_b\\*c\\[d\\]e\\(f\\)g\\~h\\`i\\>j\\#k\\+l\\-m\\=n\\|o\\{p\\}q\\.r\\!s\\\\t");
  BOOST_TEST(escape_markdown_v2("Call at 10.30!") == "Call at 10\\.30\\!");
}

BOOST_AUTO_TEST_CASE(utf16_length_counts_like_telegram) {
  BOOST_TEST(utf16_length("abc") == 3u);
  BOOST_TEST(utf16_length("\xc3\xa9") == 1u);          // é
  BOOST_TEST(utf16_length("\xe2\x82\xac") == 1u);      // €
  BOOST_TEST(utf16_length("\xf0\x9f\x98\x80") == 2u);  // 😀 is a surrogate pair
}

BOOST_AUTO_TEST_CASE(short_message_is_one_part) {
  auto parts = split_message("hello there");
  BOOST_REQUIRE_EQUAL(parts.size(), 1u);
  BOOST_TEST(parts[0] == "hello there");
}

BOOST_AUTO_TEST_CASE(long_message_splits_on_word_boundaries_within_the_limit) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "word" + std::to_string(i) + " ";
  auto parts = split_message(text);
  BOOST_TEST(parts.size() > 1u);
  std::string joined;
  for (const auto& p : parts) {
    BOOST_TEST(utf16_length(p) <= max_message_length);
    BOOST_TEST(p.front() != ' ');
    BOOST_TEST(p.back() != ' ');
    joined += p + " ";
  }
  BOOST_TEST(joined == text);  // nothing lost, no word cut in half
}

BOOST_AUTO_TEST_CASE(split_prefers_paragraphs) {
  std::string a(3000, 'a'), b(3000, 'b');
  auto parts = split_message(a + "\n\n" + b);
  BOOST_REQUIRE_EQUAL(parts.size(), 2u);
  BOOST_TEST(parts[0] == a);
  BOOST_TEST(parts[1] == b);
}

BOOST_AUTO_TEST_CASE(split_never_cuts_a_multibyte_character) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "\xf0\x9f\x98\x80";  // 6000 UTF-16 units, no spaces
  auto parts = split_message(text);
  BOOST_REQUIRE_EQUAL(parts.size(), 2u);
  std::size_t total = 0;
  for (const auto& p : parts) {
    BOOST_TEST(p.size() % 4 == 0u);
    BOOST_TEST(utf16_length(p) <= max_message_length);
    total += p.size();
  }
  BOOST_TEST(total == text.size());
}

BOOST_AUTO_TEST_CASE(secret_comparison) {
  BOOST_TEST(constant_time_equals("s3cret", "s3cret"));
  BOOST_TEST(!constant_time_equals("s3cret", "s3creT"));
  BOOST_TEST(!constant_time_equals("s3cret", ""));
  BOOST_TEST(!constant_time_equals("s3cret", "s3cret-longer"));
  BOOST_TEST(!constant_time_equals("", "s3cret"));
  BOOST_TEST(!constant_time_equals("s3c", "s3cret"));
  // The secret is compared repeated over a longer value: the length must still differ.
  BOOST_TEST(!constant_time_equals("s3crets3cret", "s3cret"));
  BOOST_TEST(constant_time_equals("", ""));
}

BOOST_AUTO_TEST_CASE(parses_a_text_message) {
  auto u = parse_update(R"({"update_id":10,"message":{"message_id":5,"from":{"id":42,"is_bot":false,
      "first_name":"Ann"},"chat":{"id":-100,"type":"group"},"date":1700000000,"text":"hi there"}})");
  BOOST_REQUIRE(u.message.has_value());
  BOOST_TEST(u.message->platform == "telegram");
  BOOST_TEST(u.message->update_id == "10");
  BOOST_TEST(u.message->user_id == "42");
  BOOST_TEST(u.message->chat_id == "-100");
  BOOST_TEST(u.message->user_name == "Ann");
  BOOST_TEST(u.message->text == "hi there");
  BOOST_TEST(u.message->has_text);
  BOOST_TEST(u.message->sent_at.time_since_epoch().count() == 1700000000000LL);
}

BOOST_AUTO_TEST_CASE(a_sticker_is_a_message_without_text) {
  auto u = parse_update(R"({"update_id":11,"message":{"message_id":5,"from":{"id":42},
      "chat":{"id":42,"type":"private"},"date":1,"sticker":{"file_id":"x"}}})");
  BOOST_REQUIRE(u.message.has_value());
  BOOST_TEST(!u.message->has_text);
}

BOOST_AUTO_TEST_CASE(ignores_what_it_cannot_use) {
  BOOST_TEST(!parse_update("{not json").message);
  // Ids beyond a signed 64-bit number would wrap into another's (2^64-2 is -2): refused.
  auto huge = parse_update(R"({"update_id":18446744073709551614,"message":{"message_id":5,
      "from":{"id":42},"chat":{"id":42},"text":"hi"}})");
  BOOST_TEST(!huge.message);
  BOOST_TEST(!huge.ignored.empty());
  auto chat = parse_update(R"({"update_id":12,"message":{"message_id":5,
      "from":{"id":42},"chat":{"id":18446744073709551615},"text":"hi"}})");
  BOOST_TEST(!chat.message);
  BOOST_TEST(
      !parse_update(R"({"update_id":"12","message":{"from":{"id":1},"chat":{"id":1}}})").message);
  BOOST_TEST(
      !parse_update(R"({"update_id":1.5,"message":{"from":{"id":1},"chat":{"id":1}}})").message);
  auto fine = parse_update(R"({"update_id":9223372036854775807,"message":{"message_id":5,
      "from":{"id":-1001234567890},"chat":{"id":-1001234567890},"text":"hi"}})");
  BOOST_REQUIRE(fine.message);
  BOOST_TEST(fine.message->update_id == "9223372036854775807");
  BOOST_TEST(fine.message->chat_id == "-1001234567890");
  BOOST_TEST(!parse_update("[]").message);
  BOOST_TEST(!parse_update(R"({"message":{"text":"no update id"}})").message);
  BOOST_TEST(!parse_update(R"({"update_id":1,"edited_message":{"text":"x"}})").message);
  BOOST_TEST(!parse_update(R"({"update_id":1,"message":{"text":"x","chat":{"id":1}}})").message);
  BOOST_TEST(
      !parse_update(
           R"({"update_id":1,"message":{"from":{"id":2,"is_bot":true},"chat":{"id":1},"text":"x"}})")
           .message);
  BOOST_TEST(parse_update(R"({"update_id":1,"edited_message":{}})").ignored ==
             "update without a message");
}

BOOST_AUTO_TEST_SUITE_END()
