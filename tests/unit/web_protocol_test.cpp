#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "bot/platforms/web/assets.hpp"
#include "bot/platforms/web/page.hpp"
#include "bot/platforms/web/protocol.hpp"

using namespace followup;
using namespace followup::web;

namespace {
const asset* find_asset(std::string_view name) {
  for (const auto& a : embedded_assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string header(const http_response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(web_protocol)

BOOST_AUTO_TEST_CASE(user_ids_are_16_to_64_safe_characters) {
  BOOST_TEST(valid_user_id("abcdefghijklmnop"));
  BOOST_TEST(valid_user_id("Q3v_Tz8kP-m2LwYa9sNc1r"));  // as the page makes them
  // The id is the page's only credential: too little entropy is refused.
  BOOST_TEST(!valid_user_id("Zx_9-Zx_9-Zx_9-Zx_9-Zx"));
  BOOST_TEST(!valid_user_id(std::string(64, 'a')));
  BOOST_TEST(!valid_user_id("----------------"));
  BOOST_TEST(!valid_user_id("aaaaaaaabbbbbbbbcdefgh"));
  BOOST_TEST(!valid_user_id(""));
  BOOST_TEST(!valid_user_id("short"));
  BOOST_TEST(!valid_user_id(std::string(15, 'a')));
  BOOST_TEST(!valid_user_id(std::string(65, 'a')));
  BOOST_TEST(!valid_user_id("abcdefghijklmnop/"));
  BOOST_TEST(!valid_user_id("abcdefgh%20ijklmnop"));
  BOOST_TEST(!valid_user_id("abcdefghijklmnop\n"));
  BOOST_TEST(valid_message_id("m1"));
  BOOST_TEST(!valid_message_id(""));
  BOOST_TEST(!valid_message_id("a b"));
}

BOOST_AUTO_TEST_CASE(query_parameters) {
  BOOST_TEST(query_param("/ws?user=abc", "user").value_or("-") == "abc");
  BOOST_TEST(query_param("/ws?x=1&user=abc&y=2", "user").value_or("-") == "abc");
  BOOST_TEST(query_param("/ws?user=", "user").value_or("-") == "");
  BOOST_TEST(query_param("/ws?user", "user").value_or("-") == "");
  BOOST_TEST(!query_param("/ws", "user"));
  BOOST_TEST(!query_param("/ws?username=abc", "user"));
}

BOOST_AUTO_TEST_CASE(origin_must_name_this_host) {
  BOOST_TEST(same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
  BOOST_TEST(same_origin("https://Bot.Example.com", "bot.example.com"));
  BOOST_TEST(!same_origin("http://evil.example", "127.0.0.1:8080"));
  BOOST_TEST(!same_origin("http://127.0.0.1:9999", "127.0.0.1:8080"));
  BOOST_TEST(!same_origin("null", "127.0.0.1:8080"));
  BOOST_TEST(!same_origin("file://127.0.0.1:8080", "127.0.0.1:8080"));
  BOOST_TEST(!same_origin("http://127.0.0.1:8080", ""));
}

BOOST_AUTO_TEST_CASE(frames_from_the_page) {
  std::string error;
  auto f = parse_client_frame(R"({"id":"m-1","text":"hi there"})", error);
  BOOST_REQUIRE(f);
  BOOST_TEST(f->id == "m-1");
  BOOST_TEST(f->text == "hi there");
  BOOST_TEST(f->ack == 0);

  f = parse_client_frame(R"({"text":"no id"})", error);
  BOOST_REQUIRE(f);
  BOOST_TEST(f->id.empty());

  f = parse_client_frame(R"({"ack":17})", error);
  BOOST_REQUIRE(f);
  BOOST_TEST(f->ack == 17);
}

BOOST_AUTO_TEST_CASE(malformed_frames_are_values_with_a_reason) {
  for (const char* bad :
       {"{not json", "[1,2]", "\"text\"", "{}", R"({"text":5})", R"({"text":"  "})",
        R"({"id":"has space","text":"x"})", R"({"id":7,"text":"x"})", R"({"ack":-1})",
        R"({"ack":"7"})", "\xff\xfe"}) {
    std::string error;
    BOOST_TEST(!parse_client_frame(bad, error), bad);
    BOOST_TEST(!error.empty(), bad);
  }
}

BOOST_AUTO_TEST_CASE(frames_to_the_page) {
  outbox_row row;
  row.id = 42;
  row.text = "Call Jane today. <b>not html</b> \"quoted\"";
  auto reply = nlohmann::json::parse(bot_frame(row));
  BOOST_TEST(reply["kind"] == "reply");
  BOOST_TEST(reply["id"] == 42);
  BOOST_TEST(reply["text"] == row.text);
  row.priority = outbox_priority::nudge;
  BOOST_TEST(nlohmann::json::parse(bot_frame(row))["kind"] == "nudge");
  // A stray invalid byte from the store becomes U+FFFD instead of an exception.
  row.text = "bad \xff byte";
  BOOST_TEST(nlohmann::json::parse(bot_frame(row))["text"] == "bad \xef\xbf\xbd byte");

  auto ack = nlohmann::json::parse(ack_frame("m1"));
  BOOST_TEST(ack["kind"] == "ack");
  BOOST_TEST(ack["id"] == "m1");
  auto err = nlohmann::json::parse(error_frame("expected text", "", false));
  BOOST_TEST(err["kind"] == "error");
  BOOST_TEST(err["retry"] == false);
  BOOST_TEST(!err.contains("id"));
}

BOOST_AUTO_TEST_CASE(the_page_is_compiled_in_with_its_types_and_policy) {
  const auto* index = find_asset("index.html");
  const auto* js = find_asset("app.js");
  const auto* css = find_asset("style.css");
  BOOST_REQUIRE(index);
  BOOST_REQUIRE(js);
  BOOST_REQUIRE(css);
  BOOST_TEST(index->bytes.find("Follow-Up Bot") != std::string_view::npos);

  auto page = asset_response(*index, "");
  BOOST_TEST(page.status == 200u);
  BOOST_TEST(page.content_type == "text/html; charset=utf-8");
  BOOST_TEST(page.body == index->bytes);
  BOOST_TEST(header(page, "Cache-Control") == "no-cache");
  auto csp = header(page, "Content-Security-Policy");
  BOOST_TEST(csp.find("default-src 'none'") != std::string::npos);
  BOOST_TEST(csp.find("script-src 'self'") != std::string::npos);
  BOOST_TEST(csp.find("unsafe-inline") == std::string::npos);
  BOOST_TEST(header(page, "X-Content-Type-Options") == "nosniff");

  BOOST_TEST(asset_response(*js, "").content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(asset_response(*css, "").content_type == "text/css; charset=utf-8");
  BOOST_TEST(content_type_of("icon.svg") == "image/svg+xml");

  // Revalidation: the same ETag gets 304 and no body.
  auto etag = header(page, "ETag");
  BOOST_TEST(etag.size() > 2u);
  auto again = asset_response(*index, etag);
  BOOST_TEST(again.status == 304u);
  BOOST_TEST(again.body.empty());
  BOOST_TEST(asset_response(*index, "\"other\"").status == 200u);
}

BOOST_AUTO_TEST_CASE(the_page_has_no_inline_code_and_no_html_injection) {
  const auto* index = find_asset("index.html");
  const auto* js = find_asset("app.js");
  BOOST_REQUIRE(index);
  BOOST_REQUIRE(js);
  // The CSP forbids inline scripts and styles: every <script> has a src, no style="" or on*="".
  std::string_view html = index->bytes;
  for (auto pos = html.find("<script"); pos != std::string_view::npos;
       pos = html.find("<script", pos + 1)) {
    auto end = html.find('>', pos);
    BOOST_TEST(html.substr(pos, end - pos).find("src=") != std::string_view::npos);
  }
  BOOST_TEST(html.find(" style=") == std::string_view::npos);
  BOOST_TEST(html.find(" onclick=") == std::string_view::npos);
  // Text reaches the page through textContent only.
  BOOST_TEST(js->bytes.find("innerHTML") == std::string_view::npos);
  BOOST_TEST(js->bytes.find("insertAdjacentHTML") == std::string_view::npos);
  BOOST_TEST(js->bytes.find("document.write") == std::string_view::npos);
}

BOOST_AUTO_TEST_SUITE_END()
