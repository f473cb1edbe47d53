#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/clock.hpp"

namespace followup {

// What the bot remembers about a user's interviews. Plain values: handlers receive them in the
// user's state and return changed copies in their effects; the store persists them.

// How many characters of a name the bot keeps; longer input is refused with a question.
inline constexpr std::size_t max_name_length = 80;
// How many interviews one user may track at once, and people per interview; log entries kept.
inline constexpr std::size_t max_interviews = 50;
inline constexpr std::size_t max_people = 12;
inline constexpr std::size_t max_contact_log = 200;

struct person {
  std::string name;
  std::string title;              // "recruiter", "hiring manager", "" when not said
  std::string preferred_channel;  // "email", "handwritten", "phone", "" when not said
  std::optional<sys_time> thanked_at;
  std::string thanked_via;  // "email", "handwritten", "text", "social", "" when not said
  bool operator==(const person&) const = default;
};

struct contact {
  sys_time at{};
  std::string kind;     // "call", "email", "thank_you", "recruiter_said", "outcome", "note" (a
                        // detail the user told, for drafts), "lesson" (what they would change)
  std::string outcome;  // call: "no_answer" | "voicemail" | "spoke"; outcome: the status
  std::string with;     // a person's name, "" when not said
  std::string note;     // what they said, for "recruiter_said"
  bool operator==(const contact&) const = default;
};

enum class interview_status { scheduled, awaiting_decision, offer, rejected, withdrawn, moved_on };

std::string_view to_string(interview_status s);
std::optional<interview_status> parse_status(std::string_view s);
// Scheduled or awaiting a decision: follow-up still to do.
bool is_open(interview_status s);

struct interview {
  int id = 0;  // per user: 1, 2, ...
  std::string company;
  std::string role;
  sys_time at{};             // when it is or was (UTC)
  bool at_has_time = false;  // false: only the day was given; `at` is midday local
  interview_status status = interview_status::awaiting_decision;
  std::vector<person> people;
  std::optional<std::chrono::local_days> decision_by;  // "they'll decide by Friday"
  std::optional<std::chrono::local_days> call_on;      // "call me in 4 days"
  int calls = 0;                                       // calls made
  int voicemails = 0;                                  // of which a voicemail was left
  int unanswered = 0;          // unanswered calls in a row since the last time they spoke
  std::string thank_you_plan;  // "handwritten" once the user chose a mailed note
  std::optional<std::chrono::local_days> snoozed_until;  // no reminders for it before this day
  std::vector<contact> contact_log;
  sys_time created_at{};
  // Several rounds with one company are one application: `round` counts from 1, and
  // `application` is the id of the first round (0: this interview is the first).
  int round = 1;
  int application = 0;
  // The bot asked, once the interview ended, what the user would do differently next time
  // (asked once, answered or not; the answers are "lesson" entries of the log).
  bool lesson_asked = false;
  // How many times the store has rewritten it (it counts, handlers only carry it): calendar
  // apps update an event whose SEQUENCE grew.
  int version = 0;
  bool operator==(const interview&) const = default;

  bool open() const { return is_open(status); }
  int application_id() const { return application != 0 ? application : id; }
  // The latest of the interview itself and every logged contact.
  sys_time last_contact() const;
  // Who to call: the recruiter if one is named, else the first person met ("" if none).
  std::string who_to_call() const;
  // The latest call logged, or nullptr.
  const contact* last_call() const;
  // People not thanked yet.
  std::vector<const person*> not_thanked() const;
  bool anyone_thanked() const;
  // A thank-you is still owed: to someone met and not thanked, or, with nobody named, until one
  // is logged. One rule for the next step, the reminders and whether a reminder still applies.
  bool thank_you_owed() const {
    return !not_thanked().empty() || (people.empty() && !anyone_thanked());
  }
};

// Per-user preferences.
struct user_settings {
  bool timezone_asked = false;  // the bot asks where the user is based once, when first needed
  bool nudges_on = true;
  int quiet_start_minutes = 21 * 60;  // local minutes after midnight
  int quiet_end_minutes = 8 * 60;
  std::optional<int> remind_minutes;  // "remind me at 9 instead": local time for day reminders
  bool operator==(const user_settings&) const = default;
};

// A reminder the user's state calls for, due at an instant (UTC, already out of quiet hours).
struct planned_nudge {
  int interview_id = 0;
  std::string kind;
  sys_time due{};
  bool operator==(const planned_nudge&) const = default;
};

// A reminder as the store keeps it.
enum class nudge_state { pending = 0, sent = 1, cancelled = 2 };
std::string_view to_string(nudge_state s);

struct nudge_record {
  std::int64_t id = 0;
  int interview_id = 0;
  std::string kind;
  sys_time due{};
  nudge_state state = nudge_state::pending;
};

// Interviews still "scheduled" whose time has come are now awaiting a decision. Returns
// whether any changed.
bool settle_statuses(std::vector<interview>& list, sys_time now);
// Whether settle_statuses would change anything (without copying the list to find out).
bool needs_settling(const std::vector<interview>& list, sys_time now);

// A later round of the same application exists: this round's follow-ups are behind the user.
bool superseded(const std::vector<interview>& list, const interview& i);
// The latest round of `i`'s application.
const interview& latest_round(const std::vector<interview>& list, const interview& i);

// Appends to the log, dropping the oldest entries beyond max_contact_log.
void log_contact(interview& i, contact c);

}  // namespace followup
