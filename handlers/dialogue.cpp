// Messages that only make sense after what the bot just said: the answer to its question
// ("Acme", "yesterday 2pm", "the Globex one", "yes", "Chicago") or a correction of what it just
// noted ("no, it was Thursday").
#include <algorithm>
#include <cctype>

#include "bot/conversation/nlu/places.hpp"
#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

namespace {

// After this many unusable answers to one question, the bot lets it go.
constexpr int max_asks = 3;

std::string trimmed(std::string_view s) {
  auto junk = [](unsigned char c) {
    return std::isspace(c) || c == '.' || c == '!' || c == ',' || c == '"' || c == '\'';
  };
  while (!s.empty() && junk(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && junk(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool is_question(const turn& t) {
  return t.message.text.find('?') != std::string::npos;
}

// The user asked or said something else with confidence instead of answering.
bool changed_subject(const turn& t, std::initializer_list<std::string_view> answers) {
  if (t.meaning.intent == "unknown" || t.meaning.confidence < 0.7) return false;
  if (std::find(answers.begin(), answers.end(), t.meaning.intent) != answers.end()) return false;
  return is_question(t) || word_count(t.message.text) > 3;
}

const nlohmann::json& pending_of(const turn& t) {
  return t.user.conversation["pending"];
}

int asked(const turn& t) {
  return pending_of(t).value("asked", 1);
}

effects drop(const turn& t, const char* key) {
  effects fx = reply(t.rules_data.say(key, t.seed));
  fx.conversation = conversation_with(t, nullptr);
  return fx;
}

effects ask_again(const turn& t, const char* key, const slots& values = {}) {
  auto p = pending_of(t);
  p["asked"] = asked(t) + 1;
  effects fx = reply(t.rules_data.say(key, t.seed, values));
  fx.conversation = conversation_with(t, std::move(p));
  return fx;
}

// "it was at Acme." -> "Acme": a bare answer to "which company?".
std::string company_answer(const turn& t) {
  auto company = entity_text(t, "company");
  if (!company.empty()) return company;
  if (is_question(t) || word_count(t.message.text) > 6) return {};
  auto text = trimmed(t.message.text);
  auto low = nlu::ascii_lower(text);
  for (std::string_view prefix :
       {"it was at ", "it was with ", "it was ", "it's at ", "it's with ", "it's ", "it is at ",
        "it is ", "the company is ", "the company was ", "company is ", "company: ", "at ", "with ",
        "for "}) {
    if (low.starts_with(prefix)) {
      text = trimmed(std::string_view(text).substr(prefix.size()));
      break;
    }
  }
  return text;
}

bool is_report(const turn& t, const std::string& intent) {
  for (const auto& i : t.rules_data.intents) {
    if (i.name == intent) return i.kind == "report";
  }
  return false;
}

// A report with the words that make it one: an outcome, a call's result, a date.
bool reports_something(const turn& t) {
  const auto& e = t.meaning.entities;
  return e.is_object() &&
         (e.contains("outcome") || e.contains("call_outcome") || e.contains("channel"));
}

std::optional<effects> continue_register(const turn& t) {
  const auto& p = pending_of(t);
  auto missing = p.value("missing", "");
  auto saved = p.contains("entities") && p["entities"].is_object() ? p["entities"]
                                                                   : nlohmann::json::object();
  // A complete new registration replaces the half-finished one.
  if (t.meaning.intent == "register_interview" && !entity_text(t, "company").empty() &&
      !dates(t, std::chrono::hours(12)).empty()) {
    return std::nullopt;
  }
  // "it was at Globex", "Thursday at 3": what looks like the answer is taken as one, whatever
  // else the words might mean; only something else said at length leaves the question.
  const bool clearly_else = t.meaning.intent != "register_interview" &&
                            t.meaning.intent != "unknown" && t.meaning.confidence >= 0.8 &&
                            (!is_report(t, t.meaning.intent) || reports_something(t));
  const bool looks_like_answer = !is_question(t) && !clearly_else &&
                                 ((missing == "company" && !entity_text(t, "company").empty()) ||
                                  (missing == "date" && !dates(t, std::chrono::hours(12)).empty() &&
                                   word_count(t.message.text) <= 6));
  if (!looks_like_answer && changed_subject(t, {"register_interview"})) return std::nullopt;

  auto merged = saved;
  const auto& fresh = t.meaning.entities;
  if (missing == "company") {
    auto company = company_answer(t);
    if (company.empty()) {
      if (asked(t) >= max_asks) return drop(t, "register_interview.gave_up");
      return ask_again(t, "register_interview.ask_company");
    }
    merged["company"] = company;
  } else if (missing == "date") {
    if (!fresh.is_object() || !fresh.contains("dates")) {
      if (asked(t) >= max_asks) return drop(t, "register_interview.gave_up");
      return ask_again(t, "register_interview.ask_date_again");
    }
    merged["dates"] = fresh["dates"];
  }
  // Anything else this answer adds (people, the role) joins the draft.
  for (const char* key : {"role", "channel", "people"}) {
    if (fresh.is_object() && fresh.contains(key)) merged[key] = fresh[key];
  }
  understanding meaning = t.meaning;
  meaning.intent = "register_interview";
  meaning.entities = std::move(merged);
  turn next{t.message, meaning, t.user, t.rules_data, t.now, t.seed};
  return handle_register_interview(next);
}

std::optional<effects> continue_which(const turn& t) {
  const auto& p = pending_of(t);
  auto picked = select_interview(t, false);
  if (!picked.found || !picked.named) {
    if (changed_subject(t, {})) return std::nullopt;
    if (asked(t) >= max_asks) return drop(t, "interviews.which_gave_up");
    std::vector<std::string> labels;
    for (const auto& i : t.user.interviews) {
      if (i.open()) labels.push_back(interview_label(t, i));
    }
    return ask_again(t, "interviews.which_again", {{"options", or_phrase(t, labels)}});
  }
  // Finish what the user asked for in the first place, now about this interview.
  inbound original = t.message;
  original.text = p.value("text", "");
  understanding meaning;
  meaning.intent = p.value("intent", "unknown");
  meaning.confidence = 1;
  meaning.entities = p.contains("entities") && p["entities"].is_object() ? p["entities"]
                                                                         : nlohmann::json::object();
  meaning.entities["interview_id"] = picked.found->id;
  turn next{original, meaning, t.user, t.rules_data, t.now, t.seed};
  auto fx = find_handler(meaning.intent)(next);
  if (!fx.conversation) fx.conversation = conversation_with(t, nullptr, picked.found->id);
  return fx;
}

bool is_yes(const turn& t) {
  auto text = nlu::ascii_lower(trimmed(t.message.text));
  for (std::string_view yes : {"yes", "y", "yep", "yeah", "yup", "sure", "ok", "okay", "confirm",
                               "do it", "delete", "delete it", "delete everything", "go ahead"}) {
    if (text == yes) return true;
  }
  return text.starts_with("yes") || text.starts_with("yep") || text.starts_with("yeah");
}

std::optional<effects> continue_delete(const turn& t) {
  // Asked again ("delete the Acme interview"): a new request, not an answer.
  if (t.meaning.intent == "delete_data" && t.meaning.confidence >= 0.7 &&
      !entity_text(t, "company").empty()) {
    return std::nullopt;
  }
  if (is_yes(t)) {
    effects fx = reply(t.rules_data.say("delete.done", t.seed));
    fx.forget_user = true;
    return fx;
  }
  if (changed_subject(t, {"delete_data"})) return std::nullopt;
  return drop(t, "delete.kept");
}

std::optional<effects> continue_timezone(const turn& t) {
  if (auto zone_name = nlu::resolve_place(t.message.text, t.rules_data)) {
    understanding meaning = t.meaning;
    meaning.entities["timezone"] = *zone_name;
    turn next{t.message, meaning, t.user, t.rules_data, t.now, t.seed};
    return handle_set_timezone(next);
  }
  // An answer must look like one: a short name, not "cheers" or "ok, emailed them both", which
  // are handled as what they are (the question comes again with the next interview).
  if (is_question(t) || word_count(t.message.text) > 4) return std::nullopt;
  if (t.meaning.intent != "unknown" && t.meaning.confidence >= 0.5) return std::nullopt;
  return drop(t, "settings.timezone_unknown");
}

// "no, it was Thursday": a correction opens with one of these.
bool opens_correction(const turn& t) {
  auto text = nlu::ascii_lower(trimmed(t.message.text));
  for (std::string_view cue : {"no,", "no ", "nope", "actually", "correction", "i meant", "oops",
                               "sorry,", "make that", "wrong", "not "}) {
    if (text.starts_with(cue)) return true;
  }
  return false;
}

}  // namespace

// "Anything you'd do differently next time?": an answer is kept as a lesson; "no", "skip"
// lets it go; a question or a new report is something else.
std::optional<effects> continue_lesson(const turn& t) {
  const auto& r = t.rules_data;
  const auto& p = t.user.conversation["pending"];
  if (!p.contains("interview") || !p["interview"].is_number_integer()) return std::nullopt;
  const auto* i = find_interview(t, p["interview"].get<int>());
  if (!i || !t.meaning.doc) return std::nullopt;
  const auto& doc = *t.meaning.doc;
  std::vector<std::string> words;
  for (const auto& tok : doc.tokens) {
    if (tok.word()) words.push_back(tok.s);
  }
  static const std::vector<std::string_view> skips{
      "no",  "nope", "nah",   "nothing", "skip", "pass",   "idk",   "dunno",
      "not", "none", "later", "really",  "sure", "thanks", "thank", "you"};
  bool skip = !words.empty() && words.size() <= 4 &&
              std::all_of(words.begin(), words.end(), [](const std::string& w) {
                return std::find(skips.begin(), skips.end(), w) != skips.end();
              });
  if (skip) {
    effects fx = reply(r.say("lessons.skipped", t.seed));
    fx.conversation = conversation_with(t, nullptr, i->id);
    return fx;
  }
  // Something else: a question, a new interview, a call or an outcome to log.
  if (doc.has_question() || words.size() < 2) return std::nullopt;
  const auto& e = t.meaning.entities;
  for (const char* key : {"dates", "outcome", "call_outcome"}) {
    if (e.is_object() && e.contains(key)) return std::nullopt;
  }
  constexpr std::size_t max_lesson = 300;
  std::string text = t.message.text.substr(0, std::min(t.message.text.size(), 4096ul));
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  if (text.size() > max_lesson) {
    text.resize(max_lesson);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
      text.pop_back();
    }
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  }
  interview updated = *i;
  log_contact(updated, contact{t.now, "lesson", "", "", text});
  auto fx = changed(t, std::move(updated), {r.say("lessons.kept", t.seed)});
  fx.conversation = conversation_with(t, nullptr, i->id);
  return fx;
}

std::optional<effects> continue_dialogue(const turn& t) {
  const auto& conv = t.user.conversation;
  if (!conv.is_object() || !conv.contains("pending") || !conv["pending"].is_object()) {
    return std::nullopt;
  }
  auto kind = conv["pending"].value("kind", "");
  if (kind == "register") return continue_register(t);
  if (kind == "which") return continue_which(t);
  if (kind == "confirm_delete") return continue_delete(t);
  if (kind == "timezone") return continue_timezone(t);
  if (kind == "lesson") return continue_lesson(t);
  return std::nullopt;
}

std::optional<effects> correct_last(const turn& t) {
  const auto& conv = t.user.conversation;
  if (!conv.is_object() || !conv.contains("last_interview") ||
      !conv["last_interview"].is_number_integer()) {
    return std::nullopt;
  }
  const auto* last = find_interview(t, conv["last_interview"].get<int>());
  if (!last || !opens_correction(t)) return std::nullopt;
  // "No reminders after 6pm" is a confident request of its own, not a fix.
  if (t.meaning.confidence >= 0.8 && t.meaning.intent != "register_interview" &&
      t.meaning.intent != "unknown") {
    return std::nullopt;
  }
  // "No answer", "no offer yet": reports, not corrections.
  if (!entity_text(t, "call_outcome").empty() || !entity_text(t, "outcome").empty()) {
    return std::nullopt;
  }
  const auto& r = t.rules_data;
  interview i = *last;
  const auto& tz = zone(t);
  auto found = dates(t, std::chrono::hours(12));
  if (!found.empty()) {
    auto d = found.front();
    // "No, it was Friday": the Friday nearest the day first given, not a week off.
    auto old_day = local_day(tz, i.at);
    for (auto shift : {std::chrono::days(7), std::chrono::days(-7)}) {
      auto moved = d.day + shift;
      if (names_weekday_only(d.text) && d.relation == nlu::date_relation::at &&
          std::chrono::abs(moved - old_day) < std::chrono::abs(d.day - old_day)) {
        d.day = moved;
      }
    }
    auto time_of_day = d.time_of_day;
    // "No, it was Thursday": the day changes, the time stays.
    if (!time_of_day && i.at_has_time) time_of_day = local_time_of_day(tz, i.at);
    i.at = local_instant(t, d.day, time_of_day.value_or(std::chrono::hours(12)));
    i.at_has_time = time_of_day.has_value();
    if (i.open()) {
      bool ahead = i.at_has_time ? i.at > t.now : d.day > today(t);
      i.status = ahead ? interview_status::scheduled : interview_status::awaiting_decision;
    }
    if (i.at > t.now + std::chrono::days(366) || i.at < t.now - std::chrono::days(366)) {
      return reply(r.say("register_interview.date_far", t.seed,
                         {{"date", format_day(i.at, tz)}, {"company", i.company}}));
    }
    auto when = format_relative(i.at, t.now, tz, i.at_has_time);
    return changed(t, i,
                   {r.say("correction.date", t.seed, {{"company", i.company}, {"when", when}})});
  }
  auto company = entity_text(t, "company");
  if (!company.empty() && company.size() <= max_name_length) {
    auto old = i.company;
    i.company = company;
    return changed(t, i,
                   {r.say("correction.company", t.seed, {{"company", company}, {"old", old}})});
  }
  auto role = entity_text(t, "role");
  if (!role.empty() && role.size() <= max_name_length) {
    i.role = role;
    return changed(t, i,
                   {r.say("correction.role", t.seed, {{"company", i.company}, {"role", role}})});
  }
  return std::nullopt;
}

}  // namespace followup
