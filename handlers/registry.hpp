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
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

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

// tracking.cpp: answers from what the message says; interviews are not stored yet.
effects handle_register_interview(const turn& t);
effects handle_log_thank_you(const turn& t);
effects handle_log_call(const turn& t);
effects handle_set_follow_up_date(const turn& t);
effects handle_record_outcome(const turn& t);
effects handle_show_status(const turn& t);
effects handle_delete_data(const turn& t);
effects handle_nudge_settings(const turn& t);

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
  int offset_days = 0;
  sys_time at{};  // the time of day if given, else the caller's default time
  bool has_time() const { return time_of_day.has_value(); }
};
// Every well-formed entry of entities.dates; malformed ones are skipped, never thrown on.
std::vector<mentioned_date> dates(const turn& t, std::chrono::minutes default_time);
// A date is past when it is before now (dates without a time: before today).
bool is_past(const turn& t, const mentioned_date& d);

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

bool is_business_day(std::chrono::local_days day);
std::chrono::local_days next_business_day(std::chrono::local_days day);
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
std::string call_again_advice(const turn& t, int calls, bool count_known,
                              std::string_view call_outcome, bool answers_question);

// Sentences joined into one chat message; empty parts are left out.
std::string join(std::initializer_list<std::string> parts);
effects reply(std::string text);

}  // namespace support

}  // namespace followup
