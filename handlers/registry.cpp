#include "handlers/registry.hpp"

#include <algorithm>

namespace followup {

namespace {
using keys = std::vector<std::string_view>;

keys operator+(keys a, const keys& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Wording the shared helpers say on behalf of a handler (handlers/support.cpp).
const keys list_words{"list.two", "list.more"};
const keys time_words{"duration.under_hour", "duration.hour", "duration.hours", "duration.days",
                      "time.ago"};
const keys count_words{"count.once", "count.twice", "count.times"};
const keys call_again_keys{"advice.call_again.yes",
                           "advice.call_again.no",
                           "advice.call_again.first_call_back",
                           "advice.call_again.second_call_back",
                           "advice.call_again.another_call_back",
                           "advice.call_again.last_one",
                           "advice.call_again.leave_message",
                           "advice.call_again.assumed_first",
                           "advice.call_again.stop"};
// What every handler that looks at the user's interviews may say: asking which one, naming
// them, and the next step (handlers/interview_support.cpp).
const keys interview_words = keys{"interviews.which",
                                  "interviews.which_again",
                                  "interviews.which_gave_up",
                                  "interviews.none_yet",
                                  "interviews.unknown_company",
                                  "interviews.none_open",
                                  "interviews.label_detail",
                                  "interviews.label_round",
                                  "interviews.summary.round",
                                  "list.two_or",
                                  "list.more_or",
                                  "log.next",
                                  "status.step.prepare",
                                  "status.step.thank_you",
                                  "status.step.thank_you_everyone",
                                  "status.step.call",
                                  "status.step.call_anyone",
                                  "status.step.call_back",
                                  "status.step.call_back_anyone",
                                  "status.step.wait_for_decision",
                                  "status.step.wait",
                                  "status.step.move_on",
                                  "words.today",
                                  "words.channel.email",
                                  "words.channel.handwritten",
                                  "words.person_via"} +
                             list_words;
const keys register_keys{"register_interview.saved",
                         "register_interview.round_added",
                         "register_interview.updated",
                         "register_interview.ask_company",
                         "register_interview.company_too_long",
                         "register_interview.ask_date",
                         "register_interview.ask_date_again",
                         "register_interview.date_conflict",
                         "register_interview.date_far",
                         "register_interview.too_many",
                         "register_interview.gave_up",
                         "register_interview.ask_people",
                         "register_interview.ask_timezone",
                         "register_interview.upcoming",
                         "register_interview.on_time",
                         "register_interview.email_only",
                         "register_interview.late",
                         "interviews.summary.person_title",
                         "interviews.summary.company_role",
                         "interviews.summary.with",
                         "interviews.summary.decision_by",
                         "interviews.summary.call_on",
                         "words.tonight",
                         "words.everyone_who_interviewed",
                         "correction.date",
                         "correction.company",
                         "correction.role"};
// Said outside any handler, so listed here for check-rules: the reminders' wording
// (handlers/nudges.cpp) and the Slack slash command's own sentences (bot/platforms/slack).
const keys nudge_words = keys{"nudges.catch_up",
                              "nudges.interview_prep.text",
                              "nudges.lessons_recalled",
                              "nudges.interview_prep.line",
                              "nudges.thank_you.text",
                              "nudges.thank_you.line",
                              "nudges.thank_you_everyone.text",
                              "nudges.thank_you_everyone.line",
                              "nudges.thank_you_mail.text",
                              "nudges.thank_you_mail.line",
                              "nudges.call_day.text",
                              "nudges.call_day.line",
                              "nudges.call_after_decision.text",
                              "nudges.call_after_decision.line",
                              "nudges.call_back.text",
                              "nudges.call_back.line",
                              "nudges.move_on.text",
                              "nudges.move_on.line",
                              "words.the_recruiter"} +
                         list_words;
const keys slack_words{"slack.command_empty", "slack.command_queued"};
const keys settings_keys = keys{"settings.show",
                                "settings.nudges_on",
                                "settings.nudges_off",
                                "settings.timezone_set",
                                "settings.timezone_unknown",
                                "settings.snoozed",
                                "settings.snooze_when",
                                "settings.quiet_hours",
                                "settings.remind_at",
                                "words.on",
                                "words.off"} +
                           interview_words;
}  // namespace

const keys draft_keys = [] {
  keys k{"drafts.offer",
         "drafts.not_text",
         "drafts.fill_in_detail",
         "drafts.fill_in_unknown",
         "drafts.whoever",
         "drafts.person_unknown",
         "drafts.company_unknown",
         "drafts.your_name",
         "drafts.decision_day_unknown",
         "drafts.position_role",
         "drafts.position_generic",
         "drafts.detail",
         "drafts.detail_none",
         "drafts.when.today",
         "drafts.when.yesterday",
         "drafts.when.weekday",
         "drafts.when.date",
         "drafts.when.unknown",
         "drafts.greeting.unknown",
         "drafts.email"};
  // The keys are built from parts; keep them alive for the table's string_views.
  static std::vector<std::string> built;
  if (built.empty()) {
    const char* roles[] = {"recruiter", "hiring_manager", "interviewer"};
    for (const char* kind : {"thank_you", "card", "follow_up", "check_in", "call", "rejection"}) {
      built.push_back(std::string("drafts.intro.") + kind + ".one");
      built.push_back(std::string("drafts.intro.") + kind + ".many");
    }
    for (const char* role : roles) {
      built.push_back(std::string("drafts.greeting.") + role);
      built.push_back(std::string("drafts.card.") + role);
      built.push_back(std::string("drafts.call.") + role);
      for (const char* kind : {"thank_you", "follow_up", "check_in", "rejection"}) {
        built.push_back(std::string("drafts.") + kind + ".body." + role);
      }
    }
    for (const char* kind : {"thank_you", "follow_up", "check_in", "rejection"}) {
      built.push_back(std::string("drafts.") + kind + ".subject");
    }
  }
  for (const auto& b : built) k.push_back(b);
  return k + list_words;
}();

std::span<const handler_entry> handler_table() {
  static const std::vector<handler_entry> table{
      // thank_you.cpp
      {"ask_thank_you", handle_ask_thank_you,
       keys{"advice.thank_you.general", "advice.thank_you.named_one", "advice.thank_you.named_many",
            "advice.thank_you.channel_email", "advice.thank_you.channel_handwritten",
            "advice.thank_you.channel_phone", "advice.thank_you.channel_too_casual",
            "advice.thank_you.channel_unknown", "advice.thank_you.cards",
            "advice.thank_you.all_thanked", "advice.timing.upcoming", "advice.timing.on_time",
            "advice.timing.email_only", "advice.timing.late"} +
           interview_words + time_words},
      {"ask_channel", handle_ask_channel,
       keys{"advice.channel.too_casual", "advice.channel.decision_soon", "advice.channel.phone",
            "advice.channel.email", "advice.channel.handwritten", "advice.channel.general",
            "advice.channel.still_to_thank"} +
           interview_words + time_words},
      {"ask_timing", handle_ask_timing,
       keys{"advice.timing.general", "advice.timing.decision_by", "advice.timing.upcoming",
            "advice.timing.on_time", "advice.timing.email_only", "advice.timing.late"} +
           time_words + interview_words},
      {"ask_contacts", handle_ask_contacts,
       keys{"advice.contacts.general", "advice.contacts.named"} + list_words},
      // calling.cpp
      {"ask_call", handle_ask_call,
       keys{"advice.call.general", "advice.call.on_day", "advice.call.proposed",
            "advice.call.weekend", "advice.call.after_decision"} +
           interview_words},
      {"ask_call_again", handle_ask_call_again,
       keys{"advice.call_again.rule", "advice.call_again.spoke", "advice.call_again.move_on_day"} +
           call_again_keys + count_words + interview_words},
      {"ask_voicemail",
       handle_ask_voicemail,
       {"advice.voicemail.script", "advice.voicemail.name_unknown",
        "advice.voicemail.greeting_person", "advice.voicemail.greeting_generic",
        "advice.voicemail.subject_role_company", "advice.voicemail.subject_company",
        "advice.voicemail.subject_role", "advice.voicemail.subject_generic",
        "advice.voicemail.when_known", "advice.voicemail.when_unknown"}},
      {"ask_closing_question",
       handle_ask_closing_question,
       {"advice.closing_question.general", "advice.closing_question.upcoming"}},
      // waiting.cpp
      {"ask_no_response", handle_ask_no_response,
       keys{"advice.no_response.general", "advice.no_response.wait_for_date",
            "advice.no_response.move_on", "advice.no_response.wait"} +
           time_words + interview_words},
      {"ask_general", handle_ask_general, {"advice.general.overview"}},
      // drafts.cpp, notes.cpp
      {"ask_draft", handle_ask_draft, draft_keys + interview_words},
      {"keep_note", handle_keep_note,
       keys{"drafts.note_kept", "drafts.note_no_interview"} + interview_words},
      // interviews.cpp, dialogue.cpp
      {"register_interview", handle_register_interview,
       register_keys + interview_words + time_words},
      {"record_outcome", handle_record_outcome,
       keys{"record_outcome.offer", "record_outcome.offer_company", "record_outcome.rejected",
            "record_outcome.withdrew", "record_outcome.moved_on", "record_outcome.ask",
            "record_outcome.closed", "lessons.ask", "lessons.kept", "lessons.skipped"} +
           interview_words},
      {"show_status", handle_show_status,
       keys{"status.none", "status.header", "status.line", "status.line_closed",
            "status.line_round_done", "status.state.scheduled", "status.state.awaiting_decision",
            "status.state.offer", "status.state.rejected", "status.state.withdrawn",
            "status.state.moved_on"} +
           interview_words},
      {"delete_data", handle_delete_data,
       keys{"delete.confirm", "delete.done", "delete.kept", "delete.one", "words.interviews.none",
            "words.interviews.one", "words.interviews.many"} +
           interview_words},
      {"export", handle_export, {"export.intro"}},
      {"calendar", handle_calendar, {"calendar.already", "calendar.link", "calendar.link_reset"}},
      {"show_lessons", handle_show_lessons,
       keys{"lessons.none", "lessons.header", "lessons.line"} + interview_words},
      // thank_you.cpp, calling.cpp: logging
      {"log_thank_you", handle_log_thank_you,
       keys{"log_thank_you.general", "log_thank_you.email", "log_thank_you.handwritten",
            "log_thank_you.too_casual", "log_thank_you.everyone", "log_thank_you.others_too",
            "log_thank_you.next_step", "log_thank_you.still_left", "log_thank_you.all_done",
            "log_thank_you.email_later", "log_thank_you.plan_handwritten",
            "log_thank_you.plan_email"} +
           interview_words + time_words},
      {"log_call", handle_log_call,
       keys{"log_call.spoke", "log_call.ask_outcome", "log_call.voicemail_left",
            "log_call.no_answer", "log_call.tally"} +
           call_again_keys + count_words + interview_words},
      {"set_follow_up_date", handle_set_follow_up_date,
       keys{"set_follow_up_date.no_date", "set_follow_up_date.decision_by",
            "set_follow_up_date.past", "set_follow_up_date.weekend", "set_follow_up_date.call_on",
            "set_follow_up_date.saved"} +
           interview_words},
      // settings.cpp
      {"nudge_settings", handle_nudge_settings, settings_keys},
      {"show_settings", handle_show_settings, settings_keys},
      {"set_timezone", handle_set_timezone, settings_keys},
      // small_talk.cpp
      {"greet", handle_greet, {"greet", "greet_again"}},
      {"help", handle_help, {"help"}},
      {"thanks", handle_thanks, {"thanks"}},
      {"unknown",
       handle_unknown,
       {"unknown.job_search", "unknown.other", "unknown.unclear", "off_topic.general"}},
  };
  return {table.data(), table.size()};
}

const std::vector<std::string>& required_reply_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k{"non_text", "empty", "internal_error", "not_sure", "slow_down"};
    for (auto key : nudge_words + slack_words) k.emplace_back(key);
    // The calendar feed's words (bot/conversation/ical_feed.cpp).
    for (const char* key :
         {"calendar.name", "calendar.interview", "calendar.interview_round", "calendar.role",
          "calendar.with", "calendar.person_title", "calendar.the_recruiter"}) {
      k.emplace_back(key);
    }
    for (const char* s :
         {"scheduled", "awaiting_decision", "offer", "rejected", "withdrawn", "moved_on"}) {
      k.push_back(std::string("calendar.status.") + s);
    }
    for (const char* kind :
         {"interview_prep", "thank_you", "thank_you_mail", "call_day", "call_back", "move_on"}) {
      k.push_back(std::string("calendar.reminder.") + kind);
      k.push_back(std::string("calendar.reminder.") + kind + "_detail");
    }
    for (const auto& e : handler_table()) {
      for (auto key : e.reply_keys) k.emplace_back(key);
    }
    // The engine's low-confidence question names two likely topics ("topics.<intent>").
    for (const auto& intent : known_intents()) {
      if (intent != "unknown") k.push_back("topics." + intent);
    }
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    return k;
  }();
  return keys;
}

handler find_handler(std::string_view intent) {
  auto table = handler_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const handler_entry& e) { return e.intent == intent; });
  return it == table.end() ? handle_unknown : it->fn;
}

}  // namespace followup
