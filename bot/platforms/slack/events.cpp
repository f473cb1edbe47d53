#include "bot/platforms/slack/events.hpp"

#include <nlohmann/json.hpp>

#include "bot/platforms/slack/format.hpp"

namespace followup::slack {
namespace {
using json = nlohmann::json;

std::string string_field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// The bot's own user id, from the authorizations Slack attaches to every event_callback.
std::string bot_user_id(const json& doc) {
  auto it = doc.find("authorizations");
  if (it == doc.end() || !it->is_array()) return {};
  for (const auto& a : *it) {
    if (!a.is_object()) continue;
    auto is_bot = a.find("is_bot");
    if (is_bot != a.end() && is_bot->is_boolean() && is_bot->get<bool>()) {
      return string_field(a, "user_id");
    }
  }
  return {};
}

// Message subtypes that still carry text a person typed to us; every other subtype is an edit,
// a deletion, a join, a bot, a channel notice...
bool is_user_text_subtype(std::string_view subtype) {
  return subtype.empty() || subtype == "me_message" || subtype == "file_share" ||
         subtype == "thread_broadcast";
}

parsed_event ignore(std::string why) {
  parsed_event out;
  out.ignored = std::move(why);
  return out;
}

// The leading mention in "<@U0LAN0Z89> is it everything...", for envelopes without
// authorizations (older payloads): an app_mention always mentions us, usually first.
std::string leading_mention(std::string_view text) {
  if (!text.starts_with("<@")) return {};
  auto end = text.find_first_of("|>");
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(2, end - 2));
}
}  // namespace

parsed_event parse_event(std::string_view body) {
  auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return ignore("malformed JSON");
  auto type = string_field(doc, "type");
  if (type == "url_verification") {
    parsed_event out;
    out.what = parsed_event::kind::url_verification;
    out.challenge = string_field(doc, "challenge");
    if (out.challenge.empty()) return ignore("url_verification without a challenge");
    return out;
  }
  if (type != "event_callback") return ignore("outer type '" + type.substr(0, 64) + "'");
  auto event_id = string_field(doc, "event_id");
  if (event_id.empty()) return ignore("no event_id");
  auto ev = doc.find("event");
  if (ev == doc.end() || !ev->is_object()) return ignore("no event");

  auto event_type = string_field(*ev, "type");
  auto me = bot_user_id(doc);
  auto channel_type = string_field(*ev, "channel_type");
  auto channel = string_field(*ev, "channel");
  if (event_type == "message") {
    bool direct = channel_type == "im" || (channel_type.empty() && channel.starts_with("D"));
    if (!direct) return ignore("message outside a direct conversation");
  } else if (event_type != "app_mention") {
    return ignore("event type '" + event_type.substr(0, 64) + "'");
  }
  auto subtype = string_field(*ev, "subtype");
  if (!is_user_text_subtype(subtype))
    return ignore("message subtype '" + subtype.substr(0, 64) + "'");
  if (ev->contains("bot_id") || ev->contains("bot_profile")) return ignore("message from a bot");
  if (auto h = ev->find("hidden"); h != ev->end() && h->is_boolean() && h->get<bool>()) {
    return ignore("hidden message");
  }
  auto user = string_field(*ev, "user");
  if (user.empty() || channel.empty()) return ignore("message without user or channel");
  if (user == "USLACKBOT") return ignore("message from Slackbot");
  if (!me.empty() && user == me) return ignore("the bot's own message");

  inbound m;
  m.platform = "slack";
  m.update_id = event_id;
  m.user_id = user;
  m.chat_id = channel;
  // Reminders about someone's job search belong in their DM, never in a shared channel
  // (chat.postMessage with a user id writes to the app's DM with them).
  if (event_type == "app_mention" || channel_type != "im") m.home_chat = user;
  // Asked inside a thread: answered in that thread, not at the top of the channel.
  m.thread = string_field(*ev, "thread_ts").substr(0, 32);
  auto text_it = ev->find("text");
  if (text_it != ev->end() && text_it->is_string()) {
    const auto& raw = text_it->get_ref<const std::string&>();
    auto mention = me;
    if (mention.empty() && event_type == "app_mention") mention = leading_mention(raw);
    m.text = inbound_text(raw, mention);
    if (m.text.empty() && subtype == "file_share") m.has_text = false;
  } else {
    m.has_text = false;  // a file or a block message without text
  }
  if (auto t = doc.find("event_time"); t != doc.end() && t->is_number_integer()) {
    if (auto at = from_unix_seconds(t->get<std::int64_t>())) m.sent_at = *at;
  }
  parsed_event out;
  out.what = parsed_event::kind::message;
  out.message = std::move(m);
  return out;
}

}  // namespace followup::slack
