#include "bot/platforms/telegram/client.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "bot/conversation/copyable.hpp"
#include "bot/platforms/telegram/format.hpp"

namespace followup::telegram {

send_outcome classify_response(const boost::system::result<client_response>& r) {
  if (!r) return {send_status::transient, {}, "network: " + r.error().message()};
  const auto& res = *r;
  // The common case, without building a JSON document.
  if (res.status == 200 && res.body.starts_with("{\"ok\":true")) return {};
  auto doc = nlohmann::json::parse(res.body, nullptr, false);
  std::string description;
  if (doc.is_object() && doc.contains("description") && doc["description"].is_string()) {
    description = doc["description"].get<std::string>();
  }
  if (res.status == 200 && doc.is_object() && doc.value("ok", false)) return {};
  if (res.status == 429) {
    long long seconds = -1;
    if (doc.is_object() && doc.contains("parameters") && doc["parameters"].is_object()) {
      const auto& p = doc["parameters"];
      if (p.contains("retry_after") && p["retry_after"].is_number()) {
        seconds = p["retry_after"].get<long long>();
      }
    }
    if (seconds < 0) seconds = res.retry_after_seconds().value_or(1);
    seconds = std::min<long long>(seconds, 24 * 3600);
    return {send_status::rate_limited, std::chrono::seconds(seconds), "429 " + description};
  }
  if (res.status >= 500 || res.status == 200) {
    // A 200 without ok:true is the API misbehaving; treat it like a server error.
    return {send_status::transient, {}, std::to_string(res.status) + " " + description};
  }
  return {send_status::permanent, {}, std::to_string(res.status) + " " + description};
}

client::client(net::any_io_executor ex, url_parts api, std::string token)
    : token_(std::move(token)), http_(ex, std::move(api)) {}

net::awaitable<send_outcome> client::call(std::string method, std::string body,
                                          std::string content_type) {
  auto r = co_await http_.request("POST", "/bot" + token_ + "/" + method, std::move(body),
                                  std::move(content_type));
  co_return classify_response(r);
}

net::awaitable<send_outcome> client::send(const outbox_row& row) {
  // Written directly (it is sent for every reply); the strings go through the JSON escaper.
  std::int64_t numeric = 0;
  auto end = row.chat_id.data() + row.chat_id.size();
  auto [p, ec] = std::from_chars(row.chat_id.data(), end, numeric);
  std::string body = "{\"chat_id\":";
  body += (ec == std::errc{} && p == end) ? std::to_string(numeric) : json_quote(row.chat_id);
  body += ",\"parse_mode\":\"HTML\",\"text\":";
  body += json_quote(escape_html(without_copy_mark(row.text)));
  body += '}';
  co_return co_await call("sendMessage", std::move(body), "application/json");
}

net::awaitable<send_outcome> client::set_webhook(std::string url, std::string secret,
                                                 std::optional<std::string> certificate_pem) {
  if (!certificate_pem) {
    nlohmann::json body{{"url", url},
                        {"secret_token", secret},
                        {"allowed_updates", nlohmann::json::array({"message"})}};
    co_return co_await call("setWebhook", body.dump(), "application/json");
  }
  auto boundary = http_client::multipart_boundary();
  std::string body;
  auto field = [&](const std::string& name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  };
  field("url", url);
  field("secret_token", secret);
  field("allowed_updates", "[\"message\"]");
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"cert.pem\"\r\n"
          "Content-Type: application/x-pem-file\r\n\r\n" +
          *certificate_pem + "\r\n--" + boundary + "--\r\n";
  co_return co_await call("setWebhook", std::move(body),
                          "multipart/form-data; boundary=" + boundary);
}

}  // namespace followup::telegram
