#pragma once
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bot/clock.hpp"
#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"
#include "bot/store/store.hpp"

namespace date {
class time_zone;
}

namespace followup {

// Everything a handler may look at. Handlers are pure: no I/O, no clock, no globals.
struct turn {
  const inbound& message;
  const understanding& meaning;
  const user_state& user;
  const rules& rules_data;
  sys_time now;
  std::uint64_t seed;  // picks reply variants deterministically
};

using handler = effects (*)(const turn&);

struct handler_entry {
  std::string_view intent;
  handler fn;
  // Every reply key the handler may say (check-rules verifies they exist).
  std::vector<std::string_view> reply_keys;
};

std::span<const handler_entry> handler_table();
// The handler for `intent`, or the `unknown` handler.
handler find_handler(std::string_view intent);

// small_talk.cpp
effects handle_greet(const turn& t);
effects handle_help(const turn& t);
effects handle_thanks(const turn& t);
effects handle_unknown(const turn& t);

// thank_you.cpp
effects handle_ask_thank_you(const turn& t);
effects handle_ask_channel(const turn& t);
effects handle_ask_timing(const turn& t);
effects handle_ask_contacts(const turn& t);

// calling.cpp
effects handle_ask_call(const turn& t);
effects handle_ask_call_again(const turn& t);
effects handle_ask_voicemail(const turn& t);
effects handle_ask_closing_question(const turn& t);

// waiting.cpp
effects handle_ask_no_response(const turn& t);
effects handle_ask_general(const turn& t);

// calendar.cpp: "/calendar", "/calendar reset", "add this to my calendar".
effects handle_calendar(const turn& t);
// Whether the message asks for the interviews in the user's own calendar app.
bool asks_for_calendar(const turn& t);

// drafts.cpp: ready-to-send drafts from the stored interview.
effects handle_ask_draft(const turn& t);
// notes.cpp: a detail of the interview told in passing, kept for the drafts.
effects handle_keep_note(const turn& t);
// Whether the message only tells a detail of an interview ("we talked about their new
// warehouse system"): nothing to register, log or answer besides keeping it.
bool only_tells_a_detail(const turn& t);

// thank_you.cpp (logging)
effects handle_log_thank_you(const turn& t);

// calling.cpp (logging)
effects handle_log_call(const turn& t);
effects handle_set_follow_up_date(const turn& t);

// interviews.cpp: registering, status, outcome, deletion, export.
effects handle_register_interview(const turn& t);
effects handle_record_outcome(const turn& t);
effects handle_show_status(const turn& t);
effects handle_delete_data(const turn& t);
effects handle_export(const turn& t);
// lessons.cpp: what the user would do differently, kept from interviews that ended.
effects handle_show_lessons(const turn& t);
// The lessons kept, newest first, at most `limit`, leaving out interview `except`.
std::vector<std::pair<const interview*, const contact*>> lessons_kept(const user_state& user,
                                                                      std::size_t limit,
                                                                      int except = 0);

// settings.cpp
effects handle_nudge_settings(const turn& t);
effects handle_show_settings(const turn& t);
effects handle_set_timezone(const turn& t);

// nudges.cpp: the words of due reminders (one message per user; several become one catch-up).
composed_nudges compose_nudges(const rules& r, const user_state& user,
                               const std::vector<nudge_record>& due, sys_time now);

// dialogue.cpp: messages that answer the bot's last question or correct what it just noted.
// nullopt: the message is something else; handle it by its intent.
std::optional<effects> continue_dialogue(const turn& t);
std::optional<effects> correct_last(const turn& t);

// Building blocks shared by the handler families (handlers/support.cpp). Pure, like handlers.
namespace support {

// The user's zone; UTC when the stored name is unknown.
const date::time_zone& zone(const turn& t);
std::chrono::local_days today(const turn& t);
int threshold(const turn& t, std::string_view name);

// A date from entities.dates, resolved to an instant in the user's zone.
struct mentioned_date {
  std::chrono::local_days day{};
  std::optional<std::chrono::minutes> time_of_day;
  nlu::date_relation relation = nlu::date_relation::at;
  // What the date is for (the interview, their decision, the user's call), when the reader
  // could tell; nullopt for dates read before roles existed (a saved half-finished dialogue).
  std::optional<nlu::date_role> role;
  int offset_days = 0;
  sys_time at{};     // the time of day if given, else the caller's default time
  std::string text;  // the words it came from
  bool has_time() const { return time_of_day.has_value(); }
};
// Every well-formed entry of entities.dates; malformed ones are skipped, never thrown on.
std::vector<mentioned_date> dates(const turn& t, std::chrono::minutes default_time);
// A date is past when it is before now (dates without a time: before today).
bool is_past(const turn& t, const mentioned_date& d);

// Whether the message tells of something that has happened ("interviewed at Acme", "walking
// out of the Kestrel interview now", "saw the hiring manager"), from its clauses' tense.
bool told_as_past(const turn& t);
// The message says it is happening right now or just finished ("now", "just", "is done").
bool says_just_now(const turn& t);

std::string entity_text(const turn& t, std::string_view key);  // "" when absent
std::optional<int> entity_int(const turn& t, std::string_view key);
std::vector<std::string> people(const turn& t);

// "Jane", "Jane and Bob", "Jane, Bob and Ann" (the wording is in replies.yaml).
std::string list_phrase(const turn& t, const std::vector<std::string>& items);
// "20 hours", "3 days", ... from replies.yaml.
std::string duration_phrase(const turn& t, std::chrono::minutes d);
// "once", "twice", "3 times".
std::string times_phrase(const turn& t, int n);
// How long ago a past date was: "20 hours ago" with a time of day, else "yesterday" etc.
std::string ago_phrase(const turn& t, const mentioned_date& d);

// A day to act on, unambiguous and short: "today (Wednesday, November 18)", "tomorrow (...)",
// else "on Monday, November 30" (wording in replies.yaml, words.*).
std::string day_phrase(const turn& t, sys_time at);

// The instant of `day` at `time_of_day` local (DST-safe).
sys_time local_instant(const turn& t, std::chrono::local_days day,
                       std::chrono::minutes time_of_day);
// The local time of day at which call reminders are due (call_nudge_hour).
std::chrono::minutes call_time_of_day(const turn& t);

// Slots every advice text may use, so edited thresholds and advice never disagree:
// {mail_hours} {late_hours} {decision_soon_days} {max_call_backs} {move_on_days} {call_time}.
slots base_slots(const turn& t);
slots with(slots base, std::initializer_list<std::pair<std::string, std::string>> more);

// When a thank-you for an interview on `interview` is due, relative to now (thank_you.cpp).
enum class thank_you_window { upcoming, on_time, email_only, late };
struct thank_you_timing {
  thank_you_window window;
  std::string when;      // "20 hours ago", "yesterday", "tomorrow at 2:00 PM"
  std::string deadline;  // when a handwritten note must be in the mail
};
thank_you_timing thank_you_timing_for(const turn& t, const mentioned_date& interview);

// The call-back advice after `calls` unanswered calls (calling.cpp). `call_outcome` is the
// entity ("no_answer", "voicemail", "" when not said); `count_known` says whether the user gave
// the number of calls or it was assumed to be one; `answers_question` opens with a plain yes/no
// (the user asked, rather than reported a call).
// `last_try`: the day of the last call when known from the log (else from the message).
std::string call_again_advice(const turn& t, int calls, bool count_known,
                              std::string_view call_outcome, bool answers_question,
                              std::optional<std::chrono::local_days> last_try = std::nullopt);

// --- The user's interviews (handlers/interview_support.cpp) ---

// Interviews are chosen by name ("the Globex one", "Acme"), by a person met there, or as the
// only open one.
struct selection {
  const interview* found = nullptr;
  std::vector<const interview*> options;  // several fit: ask which
  std::string unknown_company;            // a company was named that the user is not tracking
  bool named = false;                     // found by name, not as the only open one
};
selection select_interview(const turn& t, bool open_only);
const interview* find_interview(const turn& t, int id);
// "Which interview do you mean: Acme or Globex?", remembering the message to finish after.
effects ask_which(const turn& t, const selection& s);
// When nothing can be selected: no interviews at all, or none by the name given.
effects no_interview(const turn& t, const selection& s);

// The reply when a state-changing message cannot be tied to an interview: asks which, or says
// there is none. nullopt when `s.found` is set.
std::optional<effects> unresolved(const turn& t, const selection& s);

// Keeps a detail the user told about the interview (entities "note") in its log, once.
void keep_note(const turn& t, interview& i);

// Effects that replace one interview (by id) and remember it as the one just talked about.
effects changed(const turn& t, interview updated, std::vector<std::string> replies);
// The conversation memory with `pending` (null: none) and optionally the interview last talked
// about.
nlohmann::json conversation_with(const turn& t, nlohmann::json pending,
                                 std::optional<int> last_interview = std::nullopt);

// A mentioned_date for the interview's own time (so thank-you timing can use it).
mentioned_date interview_date(const turn& t, const interview& i);
// "Acme", or "Acme (Data Analyst)" when the user has several at the same company.
std::string interview_label(const turn& t, const interview& i);
std::string first_name(const std::string& full);
// "Friday", "fri at 3pm": a weekday alone, which may mean this week's or last week's.
bool names_weekday_only(std::string_view date_text);
// Indexes of the interview's people the message names (entities or known names in the text).
std::vector<std::size_t> people_mentioned(const turn& t, const interview& i);
// The person a name in the message refers to ("Jane" -> "Jane Smith"), or nullptr.
const person* match_person(const interview& i, const std::string& name);
std::string channel_phrase(const turn& t, const std::string& channel);
// The next thing to do for an interview, as a phrase ("call Jane Smith on Friday"); "" when it
// is closed.
std::string next_step_text(const turn& t, const interview& i);
// "Acme or Globex", "Acme, Globex or Initech".
std::string or_phrase(const turn& t, const std::vector<std::string>& items);

// Sentences joined into one chat message; empty parts are left out.
std::string join(std::initializer_list<std::string> parts);
std::string join(const std::vector<std::string>& parts);
effects reply(std::string text);

}  // namespace support

}  // namespace followup
