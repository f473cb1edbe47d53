#include "bot/platforms/telegram/update.hpp"

#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

namespace followup::telegram {
namespace {
// Telegram's ids are integers that fit a signed 64-bit number (chat ids use at most 52 bits).
// Anything else, an unsigned value beyond the signed range above all, is refused: read as a
// signed number it would wrap and collide with another id (2^64-1 is -1).
std::optional<std::string> id_string(const nlohmann::json& j) {
  if (j.is_number_unsigned()) {
    auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return std::to_string(v);
  }
  if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
  return std::nullopt;
}
}  // namespace

parsed_update parse_update(std::string_view body) {
  parsed_update out;
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.ignored = "malformed JSON";
    return out;
  }
  auto update_id = doc.contains("update_id") ? id_string(doc["update_id"]) : std::nullopt;
  if (!update_id) {
    out.ignored = "no update_id, or one that is not a 64-bit integer";
    return out;
  }
  auto it = doc.find("message");
  if (it == doc.end() || !it->is_object()) {
    out.ignored = "update without a message";
    return out;
  }
  const auto& msg = *it;
  auto from = msg.find("from");
  auto chat = msg.find("chat");
  if (from == msg.end() || !from->is_object() || chat == msg.end() || !chat->is_object()) {
    out.ignored = "message without sender or chat";
    return out;
  }
  auto user_id = from->contains("id") ? id_string((*from)["id"]) : std::nullopt;
  auto chat_id = chat->contains("id") ? id_string((*chat)["id"]) : std::nullopt;
  if (!user_id || !chat_id) {
    out.ignored = "message without a sender or chat id that is a 64-bit integer";
    return out;
  }
  if (auto b = from->find("is_bot"); b != from->end() && b->is_boolean() && b->get<bool>()) {
    out.ignored = "message from a bot";
    return out;
  }
  inbound m;
  m.platform = "telegram";
  m.update_id = *update_id;
  m.user_id = *user_id;
  m.chat_id = *chat_id;
  if (auto n = from->find("first_name"); n != from->end() && n->is_string()) {
    m.user_name = n->get<std::string>().substr(0, 64);
  }
  if (auto t = msg.find("text"); t != msg.end() && t->is_string()) {
    m.text = t->get<std::string>();
  } else if (auto c = msg.find("caption"); c != msg.end() && c->is_string()) {
    m.text = c->get<std::string>();
  } else {
    m.has_text = false;
  }
  if (auto d = msg.find("date"); d != msg.end() && d->is_number_integer()) {
    if (auto at = from_unix_seconds(d->get<std::int64_t>())) m.sent_at = *at;
  }
  out.message = std::move(m);
  return out;
}

}  // namespace followup::telegram
