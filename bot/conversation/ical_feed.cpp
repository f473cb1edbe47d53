#include "bot/conversation/ical_feed.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/time_format.hpp"

namespace followup {

namespace {
namespace ch = std::chrono;

// TEXT values: backslash, semicolon, comma and new lines escaped (RFC 5545 3.3.11).
std::string escape_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\':
      case ';':
      case ',':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        // Other control characters have no place in a calendar line.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out.push_back(c);
    }
  }
  return out;
}

// Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character.
void add_line(std::string& out, std::string_view line) {
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
}

std::string utc_stamp(sys_time t) {
  auto s = date::floor<ch::seconds>(t);
  return date::format("%Y%m%dT%H%M%SZ", s);
}

std::string local_stamp(date::local_seconds t) {
  return date::format("%Y%m%dT%H%M%S", t);
}

std::string offset_text(ch::seconds off) {
  auto total = off.count();
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02lld%02lld", sign, static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60));
  return buf;
}

// Only letters, digits and '-' of the user's platform id, for UIDs.
std::string uid_part(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(c);
    else
      out.push_back('-');
  }
  return out.substr(0, 80);
}

void add_timezone(std::string& out, const date::time_zone& tz, sys_time from, sys_time to) {
  add_line(out, "BEGIN:VTIMEZONE");
  add_line(out, "TZID:" + std::string(tz.name()));
  from = date::floor<date::days>(from);
  auto info = tz.get_info(date::floor<ch::seconds>(from));
  auto component = [&](const date::sys_info& now, ch::seconds before, date::sys_seconds at) {
    const char* kind = now.save == ch::minutes{0} ? "STANDARD" : "DAYLIGHT";
    add_line(out, std::string("BEGIN:") + kind);
    // DTSTART is the local time at which it starts, read in the offset that was in force.
    add_line(out, "DTSTART:" + local_stamp(date::local_seconds{(at + before).time_since_epoch()}));
    add_line(out, "TZOFFSETFROM:" + offset_text(before));
    add_line(out, "TZOFFSETTO:" + offset_text(now.offset));
    if (!now.abbrev.empty()) add_line(out, "TZNAME:" + escape_text(now.abbrev));
    add_line(out, std::string("END:") + kind);
  };
  // The rules in force at the start of the range, then every change until its end.
  auto start = date::floor<ch::seconds>(from);
  component(info, info.offset, start);
  constexpr int max_transitions = 200;
  for (int n = 0; n < max_transitions && info.end < date::floor<ch::seconds>(to); ++n) {
    auto next = tz.get_info(info.end);
    if (next.begin <= info.begin) break;
    component(next, info.offset, next.begin);
    info = next;
  }
  add_line(out, "END:VTIMEZONE");
}

std::string person_line(const rules& r, const person& p, std::uint64_t seed) {
  return p.title.empty()
             ? p.name
             : r.say("calendar.person_title", seed, {{"name", p.name}, {"title", p.title}});
}

const interview* interview_of(const user_state& u, int id) {
  for (const auto& i : u.interviews) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

}  // namespace

std::string ical_feed(const user_state& user, const rules& r, sys_time now) {
  const auto* tz = nlu::find_zone(user.timezone);
  if (!tz) tz = nlu::find_zone("UTC");
  const std::uint64_t seed = 0;  // the same words on every fetch
  const auto uid_base = uid_part(user.platform) + "-" + uid_part(user.id);

  sys_time from = now, to = now;
  for (const auto& i : user.interviews) {
    from = std::min(from, i.at);
    to = std::max(to, i.at);
  }
  for (const auto& n : user.nudges) {
    if (n.state != nudge_state::pending) continue;
    to = std::max(to, n.due);
  }
  from -= ch::days(366);
  to += ch::days(366);

  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, "PRODID:-//Follow-Up Bot//Interview follow-ups//EN");
  add_line(out, "CALSCALE:GREGORIAN");
  add_line(out, "METHOD:PUBLISH");
  add_line(out, "X-WR-CALNAME:" + escape_text(r.say("calendar.name", seed)));
  add_line(out, "X-WR-TIMEZONE:" + std::string(tz->name()));
  // How often apps that honour it should fetch again.
  add_line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
  add_line(out, "X-PUBLISHED-TTL:PT1H");
  add_timezone(out, *tz, from, to);

  const auto stamp = utc_stamp(now);
  const std::string tzid = std::string(tz->name());
  for (const auto& i : user.interviews) {
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:interview-" + std::to_string(i.id) + "-" + uid_base + "@followup-bot");
    add_line(out, "DTSTAMP:" + stamp);
    add_line(out, "SEQUENCE:" + std::to_string(std::max(0, i.version)));
    if (i.at_has_time) {
      auto local = tz->to_local(date::floor<ch::seconds>(i.at));
      add_line(out, "DTSTART;TZID=" + tzid + ":" + local_stamp(local));
      add_line(out, "DTEND;TZID=" + tzid + ":" + local_stamp(local + ch::hours(1)));
    } else {
      auto day = date::floor<date::days>(tz->to_local(date::floor<ch::seconds>(i.at)));
      add_line(out, "DTSTART;VALUE=DATE:" + date::format("%Y%m%d", day));
      add_line(out, "DTEND;VALUE=DATE:" + date::format("%Y%m%d", day + date::days{1}));
    }
    std::string title = i.round > 1
                            ? r.say("calendar.interview_round", seed,
                                    {{"company", i.company}, {"round", std::to_string(i.round)}})
                            : r.say("calendar.interview", seed, {{"company", i.company}});
    add_line(out, "SUMMARY:" + escape_text(title));
    std::vector<std::string> details;
    if (!i.role.empty()) details.push_back(r.say("calendar.role", seed, {{"role", i.role}}));
    if (!i.people.empty()) {
      std::string names;
      for (const auto& p : i.people) {
        if (!names.empty()) names += ", ";
        names += person_line(r, p, seed);
      }
      details.push_back(r.say("calendar.with", seed, {{"people", names}}));
    }
    details.push_back(r.say("calendar.status." + std::string(to_string(i.status)), seed));
    std::string description;
    for (const auto& d : details) description += (description.empty() ? "" : "\n") + d;
    add_line(out, "DESCRIPTION:" + escape_text(description));
    add_line(out, "STATUS:CONFIRMED");
    add_line(out, "TRANSP:OPAQUE");
    add_line(out, "END:VEVENT");
  }

  for (const auto& n : user.nudges) {
    if (n.state != nudge_state::pending) continue;
    const auto* i = interview_of(user, n.interview_id);
    if (!i) continue;
    auto key = "calendar.reminder." + n.kind;
    if (!r.has_reply(key)) continue;
    auto person = i->who_to_call();
    slots values{
        {"company", i->company},
        {"person", person.empty() ? r.say("calendar.the_recruiter", seed) : person},
        {"mail_hours", std::to_string(static_cast<long>(r.threshold("mail_deadline_hours")))}};
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:reminder-" + std::to_string(n.id) + "-" + uid_base + "@followup-bot");
    add_line(out, "DTSTAMP:" + stamp);
    add_line(out, "SEQUENCE:0");
    auto local = tz->to_local(date::floor<ch::seconds>(n.due));
    add_line(out, "DTSTART;TZID=" + tzid + ":" + local_stamp(local));
    add_line(out, "DTEND;TZID=" + tzid + ":" + local_stamp(local + ch::minutes(15)));
    add_line(out, "SUMMARY:" + escape_text(r.say(key, seed, values)));
    add_line(out, "DESCRIPTION:" + escape_text(r.say(key + "_detail", seed, values)));
    add_line(out, "TRANSP:TRANSPARENT");
    add_line(out, "END:VEVENT");
  }
  add_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace followup
