#include "bot/conversation/interview.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace followup {

namespace {
constexpr std::array<std::pair<interview_status, std::string_view>, 6> status_names{{
    {interview_status::scheduled, "scheduled"},
    {interview_status::awaiting_decision, "awaiting_decision"},
    {interview_status::offer, "offer"},
    {interview_status::rejected, "rejected"},
    {interview_status::withdrawn, "withdrawn"},
    {interview_status::moved_on, "moved_on"},
}};
}  // namespace

std::string_view to_string(interview_status s) {
  for (const auto& [v, name] : status_names) {
    if (v == s) return name;
  }
  return "awaiting_decision";
}

std::optional<interview_status> parse_status(std::string_view s) {
  for (const auto& [v, name] : status_names) {
    if (name == s) return v;
  }
  return std::nullopt;
}

bool is_open(interview_status s) {
  return s == interview_status::scheduled || s == interview_status::awaiting_decision;
}

sys_time interview::last_contact() const {
  sys_time last = at;
  for (const auto& c : contact_log) {
    // What the user noted down is not contact with the employer.
    if (c.kind != "note" && c.kind != "lesson") last = std::max(last, c.at);
  }
  return last;
}

std::string interview::who_to_call() const {
  for (const auto& p : people) {
    if (p.title.find("recruit") != std::string::npos) return p.name;
  }
  return people.empty() ? std::string() : people.front().name;
}

const contact* interview::last_call() const {
  for (auto it = contact_log.rbegin(); it != contact_log.rend(); ++it) {
    if (it->kind == "call") return &*it;
  }
  return nullptr;
}

bool superseded(const std::vector<interview>& list, const interview& i) {
  return &latest_round(list, i) != &i;
}

const interview& latest_round(const std::vector<interview>& list, const interview& i) {
  const interview* latest = &i;
  for (const auto& other : list) {
    if (other.application_id() == i.application_id() && other.round > latest->round) {
      latest = &other;
    }
  }
  return *latest;
}

std::vector<const person*> interview::not_thanked() const {
  std::vector<const person*> out;
  for (const auto& p : people) {
    if (!p.thanked_at) out.push_back(&p);
  }
  return out;
}

bool interview::anyone_thanked() const {
  for (const auto& p : people) {
    if (p.thanked_at) return true;
  }
  for (const auto& c : contact_log) {
    if (c.kind == "thank_you") return true;
  }
  return false;
}

std::string_view to_string(nudge_state s) {
  switch (s) {
    case nudge_state::pending:
      return "pending";
    case nudge_state::sent:
      return "sent";
    case nudge_state::cancelled:
      return "cancelled";
  }
  return "pending";
}

namespace {
bool time_has_come(const interview& i, sys_time now) {
  return i.status == interview_status::scheduled && i.at <= now;
}
}  // namespace

bool settle_statuses(std::vector<interview>& list, sys_time now) {
  bool changed = false;
  for (auto& i : list) {
    if (time_has_come(i, now)) {
      i.status = interview_status::awaiting_decision;
      changed = true;
    }
  }
  return changed;
}

bool needs_settling(const std::vector<interview>& list, sys_time now) {
  return std::any_of(list.begin(), list.end(),
                     [now](const interview& i) { return time_has_come(i, now); });
}

void log_contact(interview& i, contact c) {
  i.contact_log.push_back(std::move(c));
  if (i.contact_log.size() > max_contact_log) {
    i.contact_log.erase(i.contact_log.begin(),
                        i.contact_log.begin() +
                            static_cast<std::ptrdiff_t>(i.contact_log.size() - max_contact_log));
  }
}

}  // namespace followup
