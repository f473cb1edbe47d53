#include "bot/engine/compose.hpp"

#include "bot/conversation/copyable.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/nlu/entities.hpp"
#include "handlers/registry.hpp"

namespace followup {

namespace {

void apply(const effects& fx, user_state& state) {
  if (fx.interviews) state.interviews = *fx.interviews;
  if (fx.settings) state.settings = *fx.settings;
  if (fx.timezone) state.timezone = *fx.timezone;
  if (fx.conversation) state.conversation = *fx.conversation;
}

bool changes_state(const effects& fx) {
  return fx.interviews || fx.settings || fx.timezone || fx.forget_user;
}

// A step's own part of the message, as a message and a meaning of their own.
effects run_step(const knowledge& k, const inbound& message, const understanding& full,
                 const message_step& s, const user_state& state, sys_time now, std::uint64_t seed) {
  inbound part = message;
  if (full.doc) part.text = std::string(full.doc->slice(s.tb, s.te));
  understanding u;
  u.intent = s.intent;
  u.confidence = s.confidence;
  u.entities = s.entities;
  u.intents = {{s.intent, s.confidence}};
  u.steps = {s};
  u.doc = full.doc;
  turn t{part, u, state, k.rules_data, now, seed};
  if (s.place) return handle_set_timezone(t);
  return find_handler(s.intent)(t);
}

// Runs `steps` on top of `state` and `total` (what ran before them).
void run_steps(const knowledge& k, const inbound& message, const understanding& full,
               const std::vector<message_step>& steps, user_state& state, effects& total,
               std::vector<std::string>& parts, sys_time now, std::uint64_t seed) {
  std::vector<const message_step*> order;
  for (const auto& s : steps) {
    if (!s.question) order.push_back(&s);
  }
  for (const auto& s : steps) {
    if (s.question) order.push_back(&s);
  }
  std::uint64_t n = 0;
  bool asked = false;  // a step of this message asked the user something
  for (const auto* s : order) {
    auto fx = run_step(k, message, full, *s, state, now, seed + n++);
    // Something told in passing that the bot cannot act on ("called her" with no interview to
    // log it against) is not worth a question of its own here.
    if (!s->main && !s->question && !changes_state(fx)) continue;
    auto pending = [](const nlohmann::json& conv) {
      return conv.is_object() && conv.contains("pending") && conv["pending"].is_object();
    };
    if (fx.conversation && asked && !pending(*fx.conversation)) {
      // A later step does not cancel the question an earlier one asked.
      (*fx.conversation)["pending"] = state.conversation["pending"];
    }
    if (fx.conversation && pending(*fx.conversation)) asked = true;
    apply(fx, state);
    if (fx.interviews) total.interviews = state.interviews;
    if (fx.settings) total.settings = state.settings;
    if (fx.timezone) total.timezone = state.timezone;
    if (fx.conversation) total.conversation = state.conversation;
    // Drafts to copy stay messages of their own; the rest of the step is one paragraph.
    std::vector<std::string> plain;
    std::vector<std::string> drafts;
    for (auto& r : fx.replies) (is_copyable(r) ? drafts : plain).push_back(std::move(r));
    auto text = support::join(plain);
    if (!text.empty()) parts.push_back(std::move(text));
    for (auto& d : drafts) parts.push_back(std::move(d));
    if (!fx.ask.empty()) total.ask = fx.ask;
    total.intents.push_back(s->intent);
    if (s->main || total.intent.empty()) total.intent = s->intent;
    if (fx.forget_user) {
      total.forget_user = true;
      break;
    }
  }
}

// The steps' paragraphs as one message, but each draft to copy as a message of its own.
effects finish(effects total, std::vector<std::string>& parts) {
  std::vector<std::string> messages;
  std::string text;
  for (auto& p : parts) {
    if (is_copyable(p)) {
      if (!text.empty()) messages.push_back(std::move(text));
      text.clear();
      messages.push_back(std::move(p));
    } else {
      text += (text.empty() ? "" : "\n\n") + p;
    }
  }
  if (!text.empty()) messages.push_back(std::move(text));
  if (!messages.empty()) total.replies = std::move(messages);
  return total;
}

}  // namespace

effects compose_steps(const knowledge& k, const inbound& message, const understanding& full,
                      const user_state& user, sys_time now, std::uint64_t seed) {
  user_state state = user;
  effects total;
  std::vector<std::string> parts;
  run_steps(k, message, full, full.steps, state, total, parts, now, seed);
  return finish(std::move(total), parts);
}

std::optional<effects> answer_then_rest(const knowledge& k, const inbound& message,
                                        const understanding& full, const user_state& user,
                                        sys_time now, std::uint64_t seed) {
  const auto& doc = *full.doc;
  const auto& conv = user.conversation;
  if (doc.clauses.size() < 2 || !conv.is_object() || !conv.contains("pending")) return std::nullopt;
  const auto& first = doc.clauses.front();
  const auto& next = doc.clauses[1];
  inbound part = message;
  part.text = std::string(doc.slice(first));
  understanding u;
  u.doc = full.doc;
  u.entities = nlu::extract_entities(doc, first.tb, first.te);
  const auto* tz = nlu::find_zone(user.timezone);
  if (!tz) tz = nlu::find_zone("UTC");
  auto when = message.sent_at.time_since_epoch().count() > 0 ? message.sent_at : now;
  if (tz) nlu::add_dates(u.entities, doc, first.tb, first.te, when, *tz);
  for (const auto& s : full.steps) {
    if (s.tb <= first.tb && s.te >= first.te) {
      u.intent = s.intent;
      u.confidence = s.confidence;
    }
  }
  turn t{part, u, user, k.rules_data, now, seed};
  auto answer = continue_dialogue(t);
  // Only a real answer counts: one that changed something.
  if (!answer || !changes_state(*answer)) return std::nullopt;

  std::vector<message_step> rest;
  for (auto s : full.steps) {
    if (s.te <= first.te) continue;
    if (s.tb < next.tb) {
      s.tb = next.tb;
      s.entities = nlu::extract_entities(doc, s.tb, s.te);
      if (tz) nlu::add_dates(s.entities, doc, s.tb, s.te, when, *tz);
    }
    rest.push_back(std::move(s));
  }
  user_state state = user;
  effects total;
  std::vector<std::string> parts;
  apply(*answer, state);
  if (answer->interviews) total.interviews = state.interviews;
  if (answer->settings) total.settings = state.settings;
  if (answer->timezone) total.timezone = state.timezone;
  if (answer->conversation) total.conversation = state.conversation;
  auto text = support::join(answer->replies);
  if (!text.empty()) parts.push_back(std::move(text));
  total.ask = answer->ask;
  total.intent = answer->intent.empty() ? u.intent : answer->intent;
  total.intents.push_back(total.intent);
  // The answer settled the question: what follows is read without it.
  state.conversation.erase("pending");
  total.conversation = state.conversation;
  run_steps(k, message, full, rest, state, total, parts, now, seed + 1);
  return finish(std::move(total), parts);
}

}  // namespace followup
