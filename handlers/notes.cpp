// Details of an interview the user tells in passing ("we talked about their new warehouse
// system"), kept in its log for the drafts.
#include <algorithm>

#include "bot/conversation/nlu/document.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

namespace support {

void keep_note(const turn& t, interview& i) {
  auto note = entity_text(t, "note");
  if (note.empty()) return;
  for (const auto& c : i.contact_log) {
    if (c.kind == "note" && c.note == note) return;
  }
  log_contact(i, contact{t.now, "note", "", "", note});
}

}  // namespace support

bool only_tells_a_detail(const turn& t) {
  if (entity_text(t, "note").empty() || !t.meaning.doc) return false;
  // Anything else in the message is for its own handler (which keeps the note too).
  const auto& e = t.meaning.entities;
  for (const char* key : {"company", "dates", "outcome", "channel", "count"}) {
    if (e.is_object() && e.contains(key)) return false;
  }
  const auto& i = t.meaning.intent;
  if (i != "log_call" && i != "register_interview" && i != "unknown" && i != "ask_general" &&
      i != "greet" && i != "thanks") {
    return false;
  }
  if (t.meaning.doc->has_question()) return false;
  // "called Jane, we talked about next steps" is a call to log.
  static const std::vector<std::string_view> call_words{"call",   "called", "calling",   "rang",
                                                        "phoned", "phone",  "voicemail", "vm"};
  return std::none_of(
      t.meaning.doc->tokens.begin(), t.meaning.doc->tokens.end(), [](const nlu::token& tok) {
        return std::find(call_words.begin(), call_words.end(), tok.s) != call_words.end();
      });
}

effects handle_keep_note(const turn& t) {
  const auto& r = t.rules_data;
  const interview* target = nullptr;
  // The interview just talked about, else the one the message points to.
  const auto& conv = t.user.conversation;
  if (conv.is_object() && conv.contains("last_interview") &&
      conv["last_interview"].is_number_integer()) {
    target = find_interview(t, conv["last_interview"].get<int>());
  }
  if (!target) {
    auto s = select_interview(t, false);
    target = s.found;
  }
  if (!target) return reply(r.say("drafts.note_no_interview", t.seed));
  interview updated = *target;
  keep_note(t, updated);
  auto note = entity_text(t, "note");
  return changed(t, std::move(updated),
                 {r.say("drafts.note_kept", t.seed,
                        {{"company", interview_label(t, *target)}, {"note", note}})});
}

}  // namespace followup
