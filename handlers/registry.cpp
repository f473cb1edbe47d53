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
}  // namespace

std::span<const handler_entry> handler_table() {
  static const std::vector<handler_entry> table{
      // thank_you.cpp
      {"ask_thank_you", handle_ask_thank_you,
       keys{"advice.thank_you.general", "advice.thank_you.named_one", "advice.thank_you.named_many",
            "advice.thank_you.channel_email", "advice.thank_you.channel_handwritten",
            "advice.thank_you.channel_phone", "advice.thank_you.channel_too_casual",
            "advice.thank_you.channel_unknown", "advice.thank_you.cards"} +
           list_words},
      {"ask_channel",
       handle_ask_channel,
       {"advice.channel.too_casual", "advice.channel.decision_soon", "advice.channel.phone",
        "advice.channel.email", "advice.channel.handwritten", "advice.channel.general"}},
      {"ask_timing", handle_ask_timing,
       keys{"advice.timing.general", "advice.timing.decision_by", "advice.timing.upcoming",
            "advice.timing.on_time", "advice.timing.email_only", "advice.timing.late"} +
           time_words},
      {"ask_contacts", handle_ask_contacts,
       keys{"advice.contacts.general", "advice.contacts.named"} + list_words},
      // calling.cpp
      {"ask_call",
       handle_ask_call,
       {"advice.call.general", "advice.call.on_day", "advice.call.weekend",
        "advice.call.after_decision"}},
      {"ask_call_again", handle_ask_call_again,
       keys{"advice.call_again.rule", "advice.call_again.spoke"} + call_again_keys + count_words},
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
           time_words},
      {"ask_general", handle_ask_general, {"advice.general.overview"}},
      // tracking.cpp
      {"register_interview", handle_register_interview,
       keys{"register_interview.no_date", "register_interview.cheer_upcoming",
            "register_interview.upcoming", "register_interview.cheer_past",
            "register_interview.on_time", "register_interview.email_only",
            "register_interview.late", "register_interview.cards", "words.tonight", "words.today",
            "words.everyone_who_interviewed"} +
           list_words + time_words},
      {"log_thank_you", handle_log_thank_you,
       keys{"log_thank_you.general", "log_thank_you.email", "log_thank_you.handwritten",
            "log_thank_you.too_casual", "log_thank_you.everyone", "log_thank_you.others_too",
            "log_thank_you.next_step"} +
           list_words},
      {"log_call", handle_log_call,
       keys{"log_call.spoke", "log_call.ask_outcome", "log_call.voicemail_left",
            "log_call.no_answer"} +
           call_again_keys + count_words},
      {"set_follow_up_date",
       handle_set_follow_up_date,
       {"set_follow_up_date.no_date", "set_follow_up_date.decision_by", "set_follow_up_date.past",
        "set_follow_up_date.weekend", "set_follow_up_date.call_on"}},
      {"record_outcome",
       handle_record_outcome,
       {"record_outcome.offer", "record_outcome.offer_company", "record_outcome.rejected",
        "record_outcome.withdrew", "record_outcome.moved_on", "record_outcome.ask"}},
      {"show_status", handle_show_status, {"show_status"}},
      {"delete_data", handle_delete_data, {"delete_data"}},
      {"nudge_settings", handle_nudge_settings, {"nudge_settings"}},
      // small_talk.cpp
      {"greet", handle_greet, {"greet", "greet_again"}},
      {"help", handle_help, {"help"}},
      {"thanks", handle_thanks, {"thanks"}},
      {"unknown", handle_unknown, {"unknown"}},
  };
  return {table.data(), table.size()};
}

const std::vector<std::string>& required_reply_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k{"non_text", "empty", "internal_error", "not_sure"};
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
