#include "bot/platforms/telegram/update.hpp"

#include <nlohmann/json.hpp>

namespace followup::telegram {
namespace {
std::optional<std::string> id_string(const nlohmann::json& j) {
  if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
  if (j.is_string() && !j.get<std::string>().empty()) return j.get<std::string>();
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
    out.ignored = "no update_id";
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
    out.ignored = "message without sender or chat id";
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
    m.sent_at = sys_time{std::chrono::seconds{d->get<std::int64_t>()}};
  }
  out.message = std::move(m);
  return out;
}

}  // namespace followup::telegram
