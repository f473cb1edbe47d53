#include "bot/conversation/engine.hpp"

#include <functional>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "bot/conversation/nlu/places.hpp"
#include "bot/log.hpp"
#include "bot/scheduler/nudge_plan.hpp"
#include "handlers/registry.hpp"

namespace followup {

understanding understand(const knowledge& k, const inbound& message) {
  if (!message.has_text) return understanding{};
  auto u = k.classifier.classify(message.text);
  u.intents = {{u.intent, u.confidence}};
  // Dates need the user's time zone, which only the store knows: respond() adds them.
  u.entities = nlu::extract_entities(message.text, message.sent_at, nullptr);
  return u;
}

namespace {
std::string topic(const rules& r, const std::string& intent, std::uint64_t seed) {
  auto key = "topics." + intent;
  if (r.has_reply(key)) return r.say(key, seed);
  for (const auto& i : r.intents) {
    if (i.name == intent) return i.description;
  }
  return intent;
}
}  // namespace

namespace {

// Chat commands (Telegram's /start and friends, typed anywhere): always what they say.
struct command {
  std::string_view text;
  std::string_view handler;
};
constexpr command commands[] = {
    {"/start", "greet"},
    {"/help", "help"},
    {"/status", "show_status"},
    {"/interviews", "show_status"},
    {"/settings", "show_settings"},
    {"/export", "export"},
    {"/delete", "delete_data"},
    {"/stop", "nudge_settings"},
};

std::optional<std::string_view> command_handler(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.starts_with('/')) return std::nullopt;
  auto end = text.find_first_of(" @\n");
  auto word = text.substr(0, end);
  for (const auto& c : commands) {
    if (c.text == word) return c.handler;
  }
  return std::nullopt;
}

// What a pending question was about, for the intent a dialogue answer counts as.
std::string pending_intent(const user_state& user) {
  const auto& conv = user.conversation;
  if (!conv.is_object() || !conv.contains("pending") || !conv["pending"].is_object()) return {};
  const auto& p = conv["pending"];
  auto kind = p.value("kind", "");
  if (kind == "register") return "register_interview";
  if (kind == "which") return p.value("intent", "unknown");
  if (kind == "confirm_delete") return "delete_data";
  if (kind == "timezone") return "nudge_settings";
  return {};
}

effects decide(const knowledge& k, const inbound& message, understanding& full,
               const user_state& user, sys_time now, std::uint64_t seed) {
  const auto& r = k.rules_data;
  turn t{message, full, user, r, now, seed};
  auto acted = [](effects fx, std::string_view intent) {
    fx.intent = std::string(intent);
    return fx;
  };
  if (auto c = command_handler(message.text)) {
    full.confidence = 1;
    return acted(find_handler(*c)(t), *c);
  }
  // "I'm based in Chicago" is a setting, whatever else the classifier thinks.
  if (auto place = nlu::stated_place(message.text, r)) {
    full.entities["timezone"] = *place;
    return acted(handle_set_timezone(t), "nudge_settings");
  }
  if (auto answer = continue_dialogue(t)) return acted(std::move(*answer), pending_intent(user));
  if (auto fix = correct_last(t)) return acted(std::move(*fix), "register_interview");
  if (full.confidence < r.confidence_threshold && full.intent != "unknown") {
    // Unsure: offer the two likeliest topics rather than guess; if "none of these" is one of
    // them, say what the bot covers instead.
    if (full.second_intent.empty() || full.second_intent == "unknown") {
      full.intent = "unknown";
    } else {
      return acted(support::reply(r.say("not_sure", seed,
                                        {{"first", topic(r, full.intent, seed)},
                                         {"second", topic(r, full.second_intent, seed)}})),
                   "unknown");
    }
  }
  return acted(find_handler(full.intent)(t), full.intent);
}

}  // namespace

effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now) {
  std::uint64_t seed = std::hash<std::string>{}(message.update_id);
  const auto& r = k.rules_data;
  try {
    if (!message.has_text) return support::reply(r.say("non_text", seed));
    if (normalize_text(message.text).empty() && !message.text.starts_with('/')) {
      return support::reply(r.say("empty", seed));
    }
    understanding full = meaning;
    const auto* tz = nlu::find_zone(user.timezone);
    if (!tz) tz = nlu::find_zone("UTC");
    auto when = message.sent_at.time_since_epoch().count() > 0 ? message.sent_at : now;
    if (tz) nlu::add_dates(full.entities, message.text, when, *tz);

    // Handlers see interviews whose time has come as awaiting a decision.
    const user_state* current = &user;
    user_state settled;
    bool moved = needs_settling(user.interviews, now);
    if (moved) {
      settled = user;
      settle_statuses(settled.interviews, now);
      current = &settled;
    }
    auto fx = decide(k, message, full, *current, now, seed);
    if (fx.interviews) {
      settle_statuses(*fx.interviews, now);
    } else if (moved) {
      fx.interviews = current->interviews;
    }
    // Any change of state re-plans the reminders; the store applies the difference.
    if (!fx.forget_user && (fx.interviews || fx.settings || fx.timezone)) {
      // Only what plan_nudges reads: not the conversation or the stored reminders.
      user_state next;
      next.interviews = fx.interviews ? *fx.interviews : current->interviews;
      next.settings = fx.settings ? *fx.settings : current->settings;
      next.timezone = fx.timezone ? *fx.timezone : current->timezone;
      fx.nudges = plan_nudges(next, etiquette_numbers::from(r));
    }
    // A question the bot asked and the user did not answer is let go.
    if (!fx.conversation && user.conversation.is_object() &&
        user.conversation.contains("pending")) {
      auto conv = user.conversation;
      conv.erase("pending");
      fx.conversation = std::move(conv);
    }
    return fx;
  } catch (const std::exception& e) {
    log::error("handler failed", {{"intent", meaning.intent}, {"error", e.what()}});
    return support::reply(r.say("internal_error", seed));
  }
}

bool needs_reminders(const inbound& message) {
  auto c = message.has_text ? command_handler(message.text) : std::nullopt;
  return c && *c == "export";
}

}  // namespace followup
