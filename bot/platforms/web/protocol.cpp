#include "bot/platforms/web/protocol.hpp"

#include <algorithm>
#include <array>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "bot/conversation/copyable.hpp"

namespace followup::web {
namespace {
bool id_chars(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string dump(const nlohmann::json& j) {
  // Text from the store is UTF-8, but a bad byte must not turn a send into an exception.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace

bool valid_user_id(std::string_view id) {
  if (id.size() < 16 || id.size() > 64 || !id_chars(id)) return false;
  // The id is the page's only credential: refuse ones that are easy to guess ("----------------",
  // "aaaaaaaaaaaaaaaa", "user-user-user-user"). The page's own are 22 random base64url
  // characters: at least 8 different ones, none more than a quarter of the id, in practice
  // always.
  std::array<int, 256> count{};
  int distinct = 0, most = 0;
  for (unsigned char c : id) {
    if (count[c]++ == 0) ++distinct;
    most = std::max(most, count[c]);
  }
  return distinct >= 8 && most * 4 <= static_cast<int>(id.size());
}

bool valid_message_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id_chars(id);
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return std::string(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

bool same_origin(std::string_view origin, std::string_view host) {
  auto sep = origin.find("://");
  if (sep == std::string_view::npos || host.empty()) return false;
  auto scheme = origin.substr(0, sep);
  if (!iequals(scheme, "http") && !iequals(scheme, "https")) return false;
  return iequals(origin.substr(sep + 3), host);
}

std::optional<client_frame> parse_client_frame(std::string_view frame, std::string& error) {
  auto doc = nlohmann::json::parse(frame, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "expected a JSON object such as {\"text\": \"hello\"}";
    return std::nullopt;
  }
  client_frame out;
  if (auto ack = doc.find("ack"); ack != doc.end()) {
    if (!ack->is_number_integer() || ack->get<std::int64_t>() <= 0) {
      error = "\"ack\" must be the positive id of a message from the bot";
      return std::nullopt;
    }
    out.ack = ack->get<std::int64_t>();
    return out;
  }
  if (auto id = doc.find("id"); id != doc.end()) {
    if (!id->is_string() || !valid_message_id(id->get_ref<const std::string&>())) {
      error = "\"id\" must be 1 to 64 letters, digits, - or _";
      return std::nullopt;
    }
    out.id = id->get<std::string>();
  }
  auto text = doc.find("text");
  if (text == doc.end() || !text->is_string()) {
    error = "expected a \"text\" string";
    return std::nullopt;
  }
  out.text = text->get<std::string>();
  if (blank(out.text)) {
    error = "the message is empty";
    return std::nullopt;
  }
  return out;
}

std::string bot_frame(const outbox_row& row) {
  nlohmann::json j{{"kind", row.priority == outbox_priority::nudge ? "nudge" : "reply"},
                   {"text", without_copy_mark(row.text)},
                   {"id", row.id}};
  // A draft to send on: the page offers a Copy button for exactly this text.
  if (is_copyable(row.text)) j["copy"] = true;
  return dump(j);
}

std::string ack_frame(std::string_view id) {
  return dump(nlohmann::json{{"kind", "ack"}, {"id", id}});
}

std::string error_frame(std::string_view error, std::string_view id, bool retry) {
  nlohmann::json j{{"kind", "error"}, {"error", error}, {"retry", retry}};
  if (!id.empty()) j["id"] = id;
  return dump(j);
}

}  // namespace followup::web
