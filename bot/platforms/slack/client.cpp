#include "bot/platforms/slack/client.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "bot/conversation/copyable.hpp"
#include "bot/platforms/slack/format.hpp"

namespace followup::slack {
namespace {
// Slack's errors that describe a passing condition on its side (or in transit), not a
// problem with this request: retried with backoff.
bool is_transient_error(std::string_view error) {
  static constexpr std::array<std::string_view, 6> transient{
      "internal_error",  "fatal_error",       "service_unavailable",
      "request_timeout", "team_added_to_org", "org_login_required"};
  return std::find(transient.begin(), transient.end(), error) != transient.end();
}

std::chrono::seconds retry_after(const client_response& res) {
  // Absent or an HTTP date: a short wait is safe.
  return std::chrono::seconds(std::min<long long>(res.retry_after_seconds().value_or(1), 3600));
}
}  // namespace

send_outcome classify_response(const boost::system::result<client_response>& r) {
  if (!r) return {send_status::transient, {}, "network: " + r.error().message()};
  const auto& res = *r;
  // The common case, without building a JSON document.
  if (res.status == 200 && res.body.starts_with("{\"ok\":true")) return {};
  auto doc = nlohmann::json::parse(res.body, nullptr, false);
  std::string error;
  if (doc.is_object() && doc.contains("error") && doc["error"].is_string()) {
    error = doc["error"].get<std::string>().substr(0, 128);
  }
  auto what = std::to_string(res.status) + (error.empty() ? "" : " " + error);
  if (res.status == 429 || error == "ratelimited" || error == "rate_limited") {
    return {send_status::rate_limited, retry_after(res), what};
  }
  if (res.status >= 500) return {send_status::transient, {}, what};
  if (res.status == 200) {
    if (doc.is_object() && doc.value("ok", false)) return {};
    // A 200 that is not a Web API answer at all is the API (or a proxy) misbehaving.
    if (!doc.is_object() || !doc.contains("ok")) return {send_status::transient, {}, what};
    return {is_transient_error(error) ? send_status::transient : send_status::permanent, {}, what};
  }
  return {send_status::permanent, {}, what};
}

client::client(net::any_io_executor ex, url_parts api, std::string bot_token)
    : http_(ex, std::move(api)) {
  http_.set_header("Authorization", "Bearer " + bot_token);
}

std::string post_message_body(const outbox_row& row) {
  // Our text is plain prose: no unfurled link previews under a coaching answer.
  std::string body = "{\"channel\":";
  body += json_quote(row.chat_id);
  body += ",\"text\":";
  body += json_quote(escape_mrkdwn(without_copy_mark(row.text)));
  if (!row.thread.empty()) {
    body += ",\"thread_ts\":";
    body += json_quote(row.thread);
  }
  body += ",\"unfurl_links\":false,\"unfurl_media\":false}";
  return body;
}

net::awaitable<send_outcome> client::send(const outbox_row& row) {
  std::string body = post_message_body(row);
  std::string target = "/chat.postMessage";
  std::string content_type = "application/json; charset=utf-8";
  // A named awaitable: no temporaries with destructors inside the co_await (g++ 12).
  auto call = http_.request("POST", std::move(target), std::move(body), std::move(content_type));
  auto r = co_await std::move(call);
  co_return classify_response(r);
}

}  // namespace followup::slack
