#include "bot/conversation/export_document.hpp"

#include "bot/conversation/calendar.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/time_format.hpp"

namespace followup {

namespace {
using json = nlohmann::json;

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

std::string quiet_hours(const user_settings& s) {
  auto hhmm = [](int minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
    return std::string(buf);
  };
  return hhmm(s.quiet_start_minutes) + "-" + hhmm(s.quiet_end_minutes);
}
}  // namespace

std::string day_string(std::chrono::local_days day) {
  nlu::resolved_date r;
  r.day = day;
  return nlu::to_local_string(r);
}

json export_document(const user_state& user) {
  const auto* tz = nlu::find_zone(user.timezone);
  if (!tz) tz = nlu::find_zone("UTC");
  auto instant = [&](sys_time t) { return json(format_iso(t, *tz)); };
  auto day = [](const std::optional<std::chrono::local_days>& d) {
    return d ? json(day_string(*d)) : json(nullptr);
  };

  json interviews = json::array();
  for (const auto& i : user.interviews) {
    json people = json::array();
    for (const auto& p : i.people) {
      json thanked = nullptr;
      if (p.thanked_at)
        thanked = {{"at", instant(*p.thanked_at)}, {"via", text_or_null(p.thanked_via)}};
      people.push_back({{"name", p.name},
                        {"title", text_or_null(p.title)},
                        {"preferred_channel", text_or_null(p.preferred_channel)},
                        {"thanked", thanked}});
    }
    json log = json::array();
    for (const auto& c : i.contact_log) {
      json entry{{"at", instant(c.at)},
                 {"kind", c.kind},
                 {"outcome", text_or_null(c.outcome)},
                 {"with", text_or_null(c.with)}};
      if (!c.note.empty()) entry["note"] = c.note;
      log.push_back(std::move(entry));
    }
    json own_nudges = json::array();
    for (const auto& n : user.nudges) {
      if (n.interview_id != i.id) continue;
      own_nudges.push_back(
          {{"kind", n.kind}, {"due", instant(n.due)}, {"state", std::string(to_string(n.state))}});
    }
    json at = i.at_has_time ? instant(i.at) : json(day_string(local_day(*tz, i.at)));
    interviews.push_back({{"id", i.id},
                          {"company", i.company},
                          {"role", text_or_null(i.role)},
                          {"at", at},
                          {"status", std::string(to_string(i.status))},
                          {"people", people},
                          {"decision_by", day(i.decision_by)},
                          {"call_on", day(i.call_on)},
                          {"calls", i.calls},
                          {"voicemails", i.voicemails},
                          {"thank_you_plan", text_or_null(i.thank_you_plan)},
                          {"contact_log", log},
                          {"round", i.round},
                          {"application", i.application_id()},
                          {"nudges", own_nudges}});
  }
  // What the user would do differently, from every interview (also in each contact_log).
  json lessons = json::array();
  for (const auto& i : user.interviews) {
    for (const auto& c : i.contact_log) {
      if (c.kind == "lesson") {
        lessons.push_back(
            {{"interview", i.id}, {"company", i.company}, {"at", instant(c.at)}, {"text", c.note}});
      }
    }
  }
  return {{"user",
           {{"platform", user.platform},
            {"id", user.id},
            {"timezone", user.timezone},
            {"nudges", user.settings.nudges_on ? "on" : "off"},
            {"quiet_hours", quiet_hours(user.settings)}}},
          {"interviews", interviews},
          {"lessons", lessons}};
}

}  // namespace followup
