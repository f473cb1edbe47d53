#include "bot/engine/engine.hpp"

#include <functional>

#include "bot/conversation/copyable.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "bot/conversation/nlu/places.hpp"
#include "bot/conversation/nudge_plan.hpp"
#include "bot/engine/commands.hpp"
#include "bot/engine/compose.hpp"
#include "bot/log.hpp"
#include "handlers/registry.hpp"

namespace followup {

namespace {
// The entities of tokens [tb, te): the reader's when it already read them for that clause.
nlohmann::json entities_of(const nlu::document& doc, nlu::reading& r, std::uint32_t tb,
                           std::uint32_t te) {
  for (std::size_t c = 0; c < doc.clauses.size() && c < r.clause_entities.size(); ++c) {
    if (doc.clauses[c].tb == tb && doc.clauses[c].te == te && r.clause_entities[c]) {
      return std::move(*r.clause_entities[c]);
    }
  }
  return nlu::extract_entities(doc, tb, te);
}
}  // namespace

understanding understand(const knowledge& k, const inbound& message) {
  understanding u;
  if (!message.has_text) return u;
  auto doc = std::make_shared<nlu::document>(nlu::analyse(message.text));
  auto r = k.reader.read(*doc);
  const auto& names = k.reader.intent_names();
  auto name = [&](int i) { return i >= 0 ? names[static_cast<std::size_t>(i)] : std::string(); };
  u.intent = r.main >= 0 ? name(r.main) : "unknown";
  u.confidence = r.confidence;
  u.second_intent = name(r.second);
  u.second_confidence = r.second_confidence;
  u.unreadable = r.unreadable;
  for (const auto& s : r.steps) {
    message_step step;
    step.intent = name(s.intent);
    step.confidence = s.confidence;
    step.tb = s.tb;
    step.te = s.te;
    step.main = s.main;
    step.question = s.act == nlu::speech_act::question;
    step.place = s.place;
    step.entities = entities_of(*doc, r, s.tb, s.te);
    if (s.place) {
      if (auto zone = nlu::stated_place(doc->slice(s.tb, s.te), k.rules_data)) {
        step.entities["timezone"] = *zone;
      }
    }
    if (step.main) u.entities = step.entities;
    auto note = [&u](const std::string& intent, double confidence) {
      for (const auto& i : u.intents) {
        if (i.intent == intent) return;
      }
      u.intents.push_back({intent, confidence});
    };
    note(step.intent, step.confidence);
    for (int a : s.absorbed) note(name(a), step.confidence);
    u.steps.push_back(std::move(step));
  }
  if (u.intents.empty()) u.intents.push_back({u.intent, u.confidence});
  // A detail of the interview may sit in any clause; every step that keeps it can read it.
  if (auto note = nlu::find_note(*doc); !note.empty()) {
    for (auto& s : u.steps) s.entities["note"] = note;
    u.entities["note"] = note;
  }
  u.doc = std::move(doc);
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
  if (kind == "lesson") return "record_outcome";
  return {};
}

effects acted(effects fx, std::string_view intent) {
  fx.intent = std::string(intent);
  if (fx.intents.empty()) fx.intents.push_back(fx.intent);
  return fx;
}

bool drafting_covers(const std::string& a, const std::string& b) {
  auto other = a == "ask_draft" ? b : b == "ask_draft" ? a : std::string();
  return other == "ask_voicemail" || other == "ask_call" || other == "ask_thank_you";
}

// One intent: its handler, unless the reader is not sure what the message is about.
effects single(const knowledge& k, const turn& t, understanding& full) {
  const auto& r = k.rules_data;
  if (!full.steps.empty() && full.steps.front().place) {
    return acted(handle_set_timezone(t), "nudge_settings");
  }
  if (full.confidence < r.confidence_threshold && full.intent != "unknown") {
    // Unsure: offer the two likeliest topics rather than guess; if "none of these" is one of
    // them, say what the bot covers instead.
    if (full.second_intent.empty() || full.second_intent == "unknown") {
      full.intent = "unknown";
    } else if (drafting_covers(full.intent, full.second_intent)) {
      // "What do I say when I call?": the draft answers both readings (its call script holds
      // the voicemail), so no need to ask which.
      full.intent = "ask_draft";
    } else {
      return acted(support::reply(r.say("not_sure", t.seed,
                                        {{"first", topic(r, full.intent, t.seed)},
                                         {"second", topic(r, full.second_intent, t.seed)}})),
                   "unknown");
    }
  }
  return acted(find_handler(full.intent)(t), full.intent);
}

effects decide(const knowledge& k, const inbound& message, understanding& full,
               const user_state& user, sys_time now, std::uint64_t seed) {
  const auto& r = k.rules_data;
  turn t{message, full, user, r, now, seed};
  if (auto c = command_handler(message.text)) {
    full.confidence = 1;
    return acted(find_handler(*c)(t), *c);
  }
  // The bot's question, answered: the whole message, or its first clause when more follows
  // ("Toronto. And should I call them?").
  if (auto answer = continue_dialogue(t)) return acted(std::move(*answer), pending_intent(user));
  if (full.doc && full.doc->clauses.size() > 1) {
    if (auto answered = answer_then_rest(k, message, full, user, now, seed)) return *answered;
  }
  if (auto fix = correct_last(t)) return acted(std::move(*fix), "register_interview");
  if (asks_for_calendar(t)) return acted(handle_calendar(t), "calendar");
  // A detail told in passing is kept with the interview (and told back), not read as a call.
  if (only_tells_a_detail(t)) return acted(handle_keep_note(t), "register_interview");
  if (full.steps.size() <= 1) return single(k, t, full);
  return compose_steps(k, message, full, user, now, seed);
}

}  // namespace

effects respond(const knowledge& k, const inbound& message, const understanding& meaning,
                const user_state& user, sys_time now) {
  std::uint64_t seed = std::hash<std::string>{}(message.update_id);
  const auto& r = k.rules_data;
  try {
    if (!message.has_text) return support::reply(r.say("non_text", seed));
    const bool empty =
        !meaning.doc ||
        std::none_of(meaning.doc->tokens.begin(), meaning.doc->tokens.end(),
                     [](const nlu::token& tok) { return tok.kind != nlu::token_kind::punct; });
    if (empty && !message.text.starts_with('/')) return support::reply(r.say("empty", seed));
    understanding full = meaning;
    const auto* tz = nlu::find_zone(user.timezone);
    if (!tz) tz = nlu::find_zone("UTC");
    auto when = message.sent_at.time_since_epoch().count() > 0 ? message.sent_at : now;
    if (tz && full.doc) {
      for (auto& s : full.steps) nlu::add_dates(s.entities, *full.doc, s.tb, s.te, when, *tz);
      for (const auto& s : full.steps) {
        if (s.main) full.entities = s.entities;
      }
    }

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
    if (!fx.ask.empty()) {
      if (fx.replies.empty() || is_copyable(fx.replies.back())) {
        fx.replies.push_back(fx.ask);
      } else {
        fx.replies.back() = support::join({fx.replies.back(), fx.ask});
      }
      fx.ask.clear();
    }
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

effects slow_down(const knowledge& k, const inbound& message) {
  auto fx =
      support::reply(k.rules_data.say("slow_down", std::hash<std::string>{}(message.update_id)));
  fx.intent = "slow_down";
  return fx;
}

bool needs_reminders(const inbound& message) {
  auto c = message.has_text ? command_handler(message.text) : std::nullopt;
  return c && *c == "export";
}

}  // namespace followup
