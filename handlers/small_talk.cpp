#include <algorithm>

#include "bot/conversation/nlu/document.hpp"
#include "handlers/registry.hpp"

namespace followup {

namespace {
slots name_slot(const turn& t) {
  return {{"name", t.message.user_name.empty() ? std::string("there") : t.message.user_name}};
}
}  // namespace

effects handle_greet(const turn& t) {
  const char* key = t.user.is_new ? "greet" : "greet_again";
  if (!t.rules_data.replies.count(key)) key = "greet";
  return support::reply(t.rules_data.say(key, t.seed, name_slot(t)));
}

effects handle_help(const turn& t) {
  return support::reply(t.rules_data.say("help", t.seed));
}

effects handle_thanks(const turn& t) {
  return support::reply(t.rules_data.say("thanks", t.seed));
}

effects handle_unknown(const turn& t) {
  const auto& r = t.rules_data;
  if (t.meaning.unreadable || !t.meaning.doc) return support::reply(r.say("unknown.unclear", t.seed));
  // Outside the field: say which topic, kindly, and what the bot does coach instead.
  const auto& tokens = t.meaning.doc->tokens;
  for (const auto& [topic, words] : r.off_topic) {
    for (const auto& tok : tokens) {
      if (tok.word() && std::find(words.begin(), words.end(), tok.s) != words.end()) {
        return support::reply(r.say("unknown.job_search", t.seed,
                                    {{"topic", r.say("off_topic." + topic, t.seed)}}));
      }
    }
  }
  for (const auto& tok : tokens) {
    if (tok.word() && (tok.s == "job" || tok.s == "interview" || tok.s == "recruiter" ||
                       tok.s == "employer" || tok.s == "hiring" || tok.s == "career")) {
      return support::reply(r.say("unknown.job_search", t.seed,
                                  {{"topic", r.say("off_topic.general", t.seed)}}));
    }
  }
  return support::reply(r.say("unknown.other", t.seed));
}

}  // namespace followup
