#include "bot/conversation/nlu/places.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <date/tz.h>

#include "bot/conversation/nlu/text.hpp"
#include "bot/conversation/rules.hpp"

namespace followup::nlu {

namespace {

// Lower-case zone names and their city parts ("new york" from "America/New_York"), built once
// from the system's zone database.
const std::map<std::string, std::string, std::less<>>& zone_names() {
  static const auto names = [] {
    std::map<std::string, std::string, std::less<>> m;
    try {
      for (const auto& z : date::get_tzdb().zones) {
        auto name = std::string(z.name());
        m.emplace(ascii_lower(name), name);
        auto slash = name.rfind('/');
        // The system database lists links ("US/Eastern") as zones too. Only Area/City zones
        // give city names; "EST5EDT" and "Etc/GMT+3" do not.
        if (slash == std::string::npos || name.starts_with("Etc/")) continue;
        auto city = ascii_lower(name.substr(slash + 1));
        std::replace(city.begin(), city.end(), '_', ' ');
        m.emplace(city, name);
      }
    } catch (const std::exception&) {
      // No zone database: only rules.places can answer.
    }
    return m;
  }();
  return names;
}

std::string_view trim(std::string_view s) {
  auto junk = [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '.' || c == '!' || c == '"' ||
           c == '\'';
  };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return s;
}

bool strip_prefix(std::string& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.erase(0, prefix.size());
  return true;
}

std::optional<std::string> lookup(const std::string& key, const rules& r) {
  if (key.empty()) return std::nullopt;
  if (auto it = r.places.find(key); it != r.places.end()) return it->second;
  const auto& zones = zone_names();
  if (auto it = zones.find(key); it != zones.end()) return it->second;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> resolve_place(std::string_view answer, const rules& r) {
  if (answer.size() > 120) return std::nullopt;
  auto s = ascii_lower(trim(answer));
  for (std::string_view p :
       {"i'm based in ", "im based in ", "i am based in ", "based in ", "i'm in ", "im in ",
        "i am in ", "i live in ", "living in ", "i moved to ", "in ", "near ", "around ", "the ",
        "my time zone is ", "my timezone is ", "time zone ", "timezone "}) {
    if (strip_prefix(s, p)) break;
  }
  s = std::string(trim(s));
  if (s.starts_with("the ")) s.erase(0, 4);
  if (auto z = lookup(s, r)) return z;
  // "Austin, TX", "Lyon, France": the city first, then what follows the comma.
  if (auto comma = s.find(','); comma != std::string::npos) {
    if (auto z = lookup(std::string(trim(s.substr(0, comma))), r)) return z;
    if (auto z = lookup(std::string(trim(s.substr(comma + 1))), r)) return z;
  }
  // "new york area", "seattle time"
  for (std::string_view suffix : {" area", " time", " timezone", " time zone", " city"}) {
    if (s.ends_with(suffix)) {
      if (auto z = lookup(s.substr(0, s.size() - suffix.size()), r)) return z;
    }
  }
  return std::nullopt;
}

std::optional<std::string> stated_place(std::string_view message, const rules& r) {
  if (message.size() > 120 || message.find('?') != std::string_view::npos) return std::nullopt;
  auto s = ascii_lower(trim(message));
  // Joined to what came before: "and I'm in Toronto now", "oh, I moved to Denver".
  for (bool again = true; again;) {
    again = false;
    for (std::string_view lead : {"and ", "also ", "oh ", "oh, ", "btw ", "btw, ", "plus ",
                                  "but ", "ps ", "ps: ", "ps, ", "so ", "actually ", "fyi ",
                                  "fyi, "}) {
      if (strip_prefix(s, lead)) again = true;
    }
  }
  static constexpr std::string_view openers[] = {"i'm based in ",
                                                 "im based in ",
                                                 "i am based in ",
                                                 "i'm now based in ",
                                                 "i live in ",
                                                 "i moved to ",
                                                 "i've moved to ",
                                                 "i have moved to ",
                                                 "i just moved to ",
                                                 "i relocated to ",
                                                 "i've relocated to ",
                                                 "my time zone is ",
                                                 "my timezone is ",
                                                 "i'm now in ",
                                                 "i am now in ",
                                                 "im now in ",
                                                 "i'm in ",
                                                 "im in ",
                                                 "i am in ",
                                                 "i'm actually in ",
                                                 "i'm currently in ",
                                                 "i'm located in ",
                                                 "i am located in ",
                                                 "we're in ",
                                                 "we live in ",
                                                 "now in ",
                                                 "set my time zone to ",
                                                 "set my timezone to ",
                                                 "change my time zone to ",
                                                 "change my timezone to ",
                                                 "time zone: ",
                                                 "timezone: "};
  for (auto o : openers) {
    if (!s.starts_with(o)) continue;
    auto place = s.substr(o.size());
    // "Toronto now", "Denver these days", "London at the moment".
    for (bool again = true; again;) {
      again = false;
      place = std::string(trim(place));
      for (std::string_view tail : {" now", " right now", " these days", " at the moment",
                                    " currently", " actually", " btw", " as well", " too",
                                    " for good", " permanently", " for now", " this week",
                                    " this month", " for a while", " for work", " btw",
                                    " now btw", " lol", " haha"}) {
        if (place.size() > tail.size() && place.ends_with(tail)) {
          place.resize(place.size() - tail.size());
          again = true;
        }
      }
    }
    return resolve_place(place, r);
  }
  return std::nullopt;
}

}  // namespace followup::nlu
