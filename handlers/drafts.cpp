// Ready-to-send drafts written from what the bot knows of an interview: thank-yous (email or a
// handwritten card), a follow-up once the decision day passed, a check-in after a quiet week, a
// call script with its voicemail, a gracious reply to a rejection. Every word is in
// replies.yaml (drafts.*); this file only chooses the pieces and fills the slots.
#include <algorithm>
#include <cctype>

#include "bot/conversation/copyable.hpp"
#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;
using std::chrono::days;

namespace {

enum class draft_kind { thank_you, follow_up, check_in, call, rejection, offer };

std::string_view key_of(draft_kind k) {
  switch (k) {
    case draft_kind::thank_you:
      return "thank_you";
    case draft_kind::follow_up:
      return "follow_up";
    case draft_kind::check_in:
      return "check_in";
    case draft_kind::call:
      return "call";
    case draft_kind::rejection:
      return "rejection";
    case draft_kind::offer:
      return "offer";
  }
  return "thank_you";
}

// The words of the message (and their chat expansions: "ty" -> "thank you").
std::vector<std::string> message_words(const turn& t) {
  std::vector<std::string> out;
  if (!t.meaning.doc) return out;
  for (const auto& tok : t.meaning.doc->tokens) {
    if (!tok.word()) continue;
    out.push_back(tok.s);
    auto it = t.rules_data.abbreviations.find(tok.s);
    if (it == t.rules_data.abbreviations.end()) continue;
    std::string w;
    for (char c : it->second + " ") {
      if (c == ' ') {
        if (!w.empty()) out.push_back(w);
        w.clear();
      } else {
        w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
    }
  }
  return out;
}

// What the user asked for by name, if anything ("the thank-you", "a follow-up", "the call").
std::optional<std::string> asked_kind(const turn& t) {
  auto outcome = entity_text(t, "outcome");
  if (outcome == "offer") return "offer";
  if (outcome == "rejected") return "rejection";
  auto words = message_words(t);
  for (const auto& [kind, list] : t.rules_data.draft_kinds) {
    for (const auto& w : words) {
      if (std::find(list.begin(), list.end(), w) != list.end()) return kind;
    }
  }
  return std::nullopt;
}

bool decision_passed(const turn& t, const interview& i) {
  return i.decision_by && *i.decision_by < today(t);
}

bool quiet_for_a_week(const turn& t, const interview& i) {
  return i.at < t.now && t.now - i.last_contact() >= days(7);
}

draft_kind choose_kind(const turn& t, const interview* i) {
  auto asked = asked_kind(t);
  if (asked == "offer") return draft_kind::offer;
  if (asked == "rejection") return draft_kind::rejection;
  if (asked == "call") return draft_kind::call;
  if (asked == "thank_you") return draft_kind::thank_you;
  if (asked == "follow_up") {
    return i && decision_passed(t, *i) ? draft_kind::follow_up : draft_kind::check_in;
  }
  if (!i) return draft_kind::thank_you;
  // Nothing named: the draft this interview calls for next.
  if (i->status == interview_status::rejected) return draft_kind::rejection;
  if (i->status == interview_status::offer) return draft_kind::offer;
  if (i->thank_you_owed()) return draft_kind::thank_you;
  if (decision_passed(t, *i)) return draft_kind::follow_up;
  if (i->call_on && *i->call_on <= today(t)) return draft_kind::call;
  if (quiet_for_a_week(t, *i)) return draft_kind::check_in;
  return draft_kind::thank_you;
}

// The variant of each draft by who receives it.
std::string_view role_of(const person* p, std::size_t people) {
  if (!p) return "interviewer";
  std::string title;
  for (char c : p->title)
    title.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto has = [&](std::string_view w) { return title.find(w) != std::string::npos; };
  if (has("recruit") || has("talent") || has("hr") || has("human resources") || has("people"))
    return "recruiter";
  if (has("manager") || has("director") || has("head") || has("lead") || has("owner") ||
      has("vp") || has("vice president") || has("chief") || has("ceo") || has("cto") ||
      has("founder") || has("supervisor") || has("partner") || has("principal")) {
    return "hiring_manager";
  }
  // One person, title not said: the one who would hire.
  return people == 1 && title.empty() ? "hiring_manager" : "interviewer";
}

std::string latest_note(const interview& i) {
  for (auto it = i.contact_log.rbegin(); it != i.contact_log.rend(); ++it) {
    if (it->kind == "note" && !it->note.empty()) return it->note;
  }
  return {};
}

// "today", "yesterday", "on Monday", "on Friday, November 13".
std::string when_phrase(const turn& t, sys_time at) {
  const auto& r = t.rules_data;
  auto day = local_day(zone(t), at);
  auto ago = today(t) - day;
  auto text = format_day(at, zone(t));
  if (ago == days(0)) return r.say("drafts.when.today", t.seed);
  if (ago == days(1)) return r.say("drafts.when.yesterday", t.seed);
  if (ago > days(1) && ago < days(7)) {
    return r.say("drafts.when.weekday", t.seed, {{"weekday", text.substr(0, text.find(','))}});
  }
  return r.say("drafts.when.date", t.seed, {{"date", text}});
}

// Everything a draft may say about the interview and the person it goes to.
struct draft_facts {
  std::string company;
  std::string role;
  std::string when;  // "yesterday"
  std::string person;
  std::string first;
  std::string note;
  std::string decision_day;
  std::string your_name;
  std::string_view role_variant = "interviewer";
  bool card = false;
};

slots slots_of(const turn& t, const draft_facts& f) {
  const auto& r = t.rules_data;
  auto position = f.role.empty() ? r.say("drafts.position_generic", t.seed)
                                 : r.say("drafts.position_role", t.seed, {{"role", f.role}});
  auto detail = f.note.empty() ? r.say("drafts.detail_none", t.seed)
                               : r.say("drafts.detail", t.seed, {{"note", f.note}});
  return {{"company", f.company},
          {"position", position},
          {"when", f.when},
          {"person", f.person},
          {"first", f.first},
          {"detail", detail},
          {"decision_day", f.decision_day},
          {"your_name", f.your_name}};
}

std::string write_draft(const turn& t, draft_kind kind, const draft_facts& f) {
  const auto& r = t.rules_data;
  auto values = slots_of(t, f);
  auto kind_key = std::string(key_of(kind));
  auto role = std::string(f.role_variant);
  if (kind == draft_kind::call) {
    return r.say("drafts.call." + role, t.seed, values);
  }
  if (f.card && kind == draft_kind::thank_you) {
    return r.say("drafts.card." + role, t.seed, values);
  }
  auto greeting = f.person.empty() ? r.say("drafts.greeting.unknown", t.seed)
                                   : r.say("drafts.greeting." + role, t.seed, values);
  auto body = r.say("drafts." + kind_key + ".body." + role, t.seed, values);
  auto subject = r.say("drafts." + kind_key + ".subject", t.seed, values);
  return r.say("drafts.email", t.seed,
               with(values, {{"subject", subject}, {"greeting", greeting}, {"body", body}}));
}

// The people a draft goes to: those the message names; everyone with "all", "each", "both";
// for a thank-you, whoever is still owed one; otherwise the one to call.
std::vector<const person*> recipients(const turn& t, const interview& i, draft_kind kind) {
  std::vector<const person*> out;
  for (auto index : people_mentioned(t, i)) out.push_back(&i.people[index]);
  if (!out.empty()) return out;
  auto words = message_words(t);
  auto said = [&](std::initializer_list<std::string_view> list) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
      return std::find(list.begin(), list.end(), w) != list.end();
    });
  };
  bool everyone = said({"all", "each", "both", "everyone", "everybody", "panel", "every"});
  if (kind == draft_kind::thank_you) {
    if (!everyone) out = i.not_thanked();
    if (out.empty()) {
      for (const auto& p : i.people) out.push_back(&p);
    }
    return out;
  }
  if (everyone) {
    for (const auto& p : i.people) out.push_back(&p);
    return out;
  }
  auto who = i.who_to_call();
  for (const auto& p : i.people) {
    if (p.name == who) out.push_back(&p);
  }
  return out;
}

// An interview the user has not told the bot about, from what this message says.
interview from_message(const turn& t) {
  interview i;
  i.company = entity_text(t, "company");
  i.role = entity_text(t, "role");
  i.at = t.now;
  for (const auto& name : people(t)) {
    if (i.people.size() < max_people) i.people.push_back(person{name, "", "", std::nullopt, ""});
  }
  return i;
}

}  // namespace

effects handle_ask_draft(const turn& t) {
  const auto& r = t.rules_data;
  auto channel = entity_text(t, "channel");

  const interview* chosen = nullptr;
  auto s = select_interview(t, false);
  if (s.found) {
    chosen = s.found;
  } else if (!s.options.empty() && s.unknown_company.empty()) {
    // Several could be meant: the one just talked about, else ask.
    const auto& conv = t.user.conversation;
    if (conv.is_object() && conv.contains("last_interview") &&
        conv["last_interview"].is_number_integer()) {
      chosen = find_interview(t, conv["last_interview"].get<int>());
    }
    if (!chosen) return ask_which(t, s);
  }

  auto kind = choose_kind(t, chosen);
  if (kind == draft_kind::offer) return reply(r.say("drafts.offer", t.seed));

  interview told = chosen ? *chosen : from_message(t);
  bool known = chosen != nullptr;
  std::vector<std::string> replies;
  // Text messages and social media are too casual for any of these: say so, and write the email.
  if (channel == "text" || channel == "social") replies.push_back(r.say("drafts.not_text", t.seed));

  draft_facts base;
  base.company = told.company.empty() ? r.say("drafts.company_unknown", t.seed) : told.company;
  base.role = told.role;
  base.when = known ? when_phrase(t, told.at) : r.say("drafts.when.unknown", t.seed);
  base.note = latest_note(told);
  if (base.note.empty()) base.note = entity_text(t, "note");
  base.your_name =
      t.message.user_name.empty() ? r.say("drafts.your_name", t.seed) : t.message.user_name;
  base.decision_day =
      told.decision_by
          ? format_day(local_instant(t, *told.decision_by, std::chrono::hours(12)), zone(t))
          : r.say("drafts.decision_day_unknown", t.seed);
  bool by_mail = channel == "handwritten" || told.thank_you_plan == "handwritten";

  auto people_list = recipients(t, told, kind);
  std::vector<std::string> drafts;
  std::vector<std::string> names;
  if (people_list.empty()) {
    draft_facts f = base;
    f.first = r.say("drafts.person_unknown", t.seed);
    f.card = by_mail && kind == draft_kind::thank_you;
    f.role_variant = role_of(nullptr, 0);
    drafts.push_back(write_draft(t, kind, f));
  }
  for (const auto* p : people_list) {
    draft_facts f = base;
    f.person = p->name;
    f.first = first_name(p->name);
    f.role_variant = role_of(p, told.people.size());
    f.card = kind == draft_kind::thank_you &&
             (by_mail || (channel.empty() && p->preferred_channel == "handwritten"));
    drafts.push_back(write_draft(t, kind, f));
    names.push_back(p->name);
  }

  auto kind_key = std::string(key_of(kind));
  slots intro{{"company", base.company},
              {"people", names.empty() ? r.say("drafts.whoever", t.seed) : list_phrase(t, names)},
              {"decision_day", base.decision_day},
              {"mail_hours", std::to_string(threshold(t, "mail_deadline_hours"))}};
  const char* count = drafts.size() > 1 ? ".many" : ".one";
  bool card = by_mail && kind == draft_kind::thank_you;
  replies.push_back(
      r.say("drafts.intro." + (card ? std::string("card") : kind_key) + count, t.seed, intro));
  for (auto& d : drafts) replies.push_back(copyable(std::move(d)));
  if (!known) {
    replies.push_back(r.say("drafts.fill_in_unknown", t.seed));
  } else if (base.note.empty() && kind != draft_kind::call) {
    replies.push_back(r.say("drafts.fill_in_detail", t.seed));
  }

  effects fx;
  fx.replies = std::move(replies);
  if (known) fx.conversation = conversation_with(t, nullptr, told.id);
  return fx;
}

}  // namespace followup
