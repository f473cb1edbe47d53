// The private calendar feed link: made on request, shown once (only its hash is kept).
#include <algorithm>

#include "bot/conversation/nlu/document.hpp"
#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

bool asks_for_calendar(const turn& t) {
  if (!t.meaning.doc) return false;
  const auto& toks = t.meaning.doc->tokens;
  auto has = [&](std::initializer_list<std::string_view> words) {
    return std::any_of(toks.begin(), toks.end(), [&](const nlu::token& tok) {
      return std::find(words.begin(), words.end(), tok.s) != words.end();
    });
  };
  // "add this to my calendar", "can I get these in google calendar", "calendar link?"
  // The words settle it, however sure the reader is of something else ("can I get these
  // reminders in google calendar?" reads as reminder settings).
  return has({"calendar", "ical", "ics"}) &&
         has({"add", "put", "sync", "subscribe", "link", "feed", "google", "outlook", "apple",
              "icloud", "import", "export", "into", "see", "get"});
}

effects handle_calendar(const turn& t) {
  const auto& r = t.rules_data;
  // "/calendar reset" (or "reset my calendar link"): a new token, the old one dropped.
  bool reset = false;
  if (t.meaning.doc) {
    for (const auto& tok : t.meaning.doc->tokens) {
      if (tok.s == "reset" || tok.s == "new" || tok.s == "revoke") reset = true;
    }
  }
  if (t.user.calendar_since && !reset) {
    return reply(r.say("calendar.already", t.seed,
                       {{"since", format_day(*t.user.calendar_since, zone(t))}}));
  }
  effects fx;
  fx.calendar = calendar_request{reset && t.user.calendar_since.has_value(), {}};
  return fx;
}

}  // namespace followup
