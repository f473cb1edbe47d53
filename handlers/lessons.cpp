// What the user would do differently next time, kept from interviews that ended, and brought
// back before the next one.
#include <algorithm>

#include "bot/conversation/time_format.hpp"
#include "handlers/registry.hpp"

namespace followup {

using namespace support;

std::vector<std::pair<const interview*, const contact*>> lessons_kept(const user_state& user,
                                                                      std::size_t limit,
                                                                      int except) {
  std::vector<std::pair<const interview*, const contact*>> out;
  for (const auto& i : user.interviews) {
    if (i.id == except) continue;
    for (const auto& c : i.contact_log) {
      if (c.kind == "lesson" && !c.note.empty()) out.emplace_back(&i, &c);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second->at > b.second->at; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

effects handle_show_lessons(const turn& t) {
  const auto& r = t.rules_data;
  auto kept = lessons_kept(t.user, max_interviews);
  if (kept.empty()) return reply(r.say("lessons.none", t.seed));
  std::string text = r.say("lessons.header", t.seed, {{"count", std::to_string(kept.size())}});
  for (const auto& [i, c] : kept) {
    text += "\n" + r.say("lessons.line", t.seed,
                         {{"interview", interview_label(t, *i)},
                          {"when", format_day(c->at, zone(t))},
                          {"lesson", c->note}});
  }
  return reply(text);
}

}  // namespace followup
