#include "bot/stories/session.hpp"

#include <algorithm>
#include <stdexcept>

#include "bot/conversation/copyable.hpp"
#include "bot/conversation/export_document.hpp"
#include "bot/inbox/calendar_link.hpp"
#include "bot/scheduler/scheduler.hpp"

namespace followup {

session::session(std::shared_ptr<const knowledge> brain, store_opener open, std::string timezone,
                 sys_time start, std::string platform, std::string user_id)
    : brain_(std::move(brain)),
      open_(std::move(open)),
      db_(open_()),
      timezone_(std::move(timezone)),
      clock_(start),
      platform_(std::move(platform)),
      user_id_(std::move(user_id)) {}

std::string session::turn_result::text() const {
  std::string out;
  for (const auto& r : replies) {
    if (!out.empty()) out += '\n';
    out += without_copy_mark(r);
  }
  return out;
}

session::turn_result session::say(const std::string& text) {
  inbound m;
  m.platform = platform_;
  m.update_id = "s" + std::to_string(++counter_);
  m.user_id = user_id_;
  m.chat_id = user_id_;
  m.user_name = "Sam";
  m.text = text;
  m.sent_at = clock_.now();
  auto meaning = understand(*brain_, m);
  turn_result result;
  auto now = clock_.now();
  inbound_job job;
  job.message = m;
  job.default_timezone = timezone_;
  job.decide = [&](const inbound& msg, const user_state& u) {
    effects fx = respond(*brain_, msg, meaning, u, now);
    issue_calendar_link(brain_->rules_data, fx, "http://127.0.0.1:8080", 0);
    result.replies = fx.replies;
    result.intent = fx.intent;
    result.intents = fx.intents;
    return fx;
  };
  std::vector<inbound_job> jobs;
  jobs.push_back(std::move(job));
  auto outcome = db_->apply_inbound(jobs, {}, now);
  if (outcome.at(0).failed) throw std::runtime_error("the store refused the message: " + text);
  return result;
}

std::vector<session::sent_nudge> session::run_until(sys_time t) {
  std::vector<sent_nudge> out;
  while (true) {
    auto next = db_->next_nudge_due();
    if (!next || *next > t) break;
    if (*next > clock_.now()) clock_.set(*next);
    std::vector<std::int64_t> sent_before;
    if (auto u = user()) {
      for (const auto& n : u->nudges) {
        if (n.state == nudge_state::sent) sent_before.push_back(n.id);
      }
    }
    auto rows = claim_due(*db_, brain_->rules_data, clock_.now());
    std::string text;
    for (const auto& r : rows) text += (text.empty() ? "" : "\n") + r.text;
    if (auto u = user()) {
      for (const auto& n : u->nudges) {
        if (n.state != nudge_state::sent) continue;
        if (std::find(sent_before.begin(), sent_before.end(), n.id) != sent_before.end()) continue;
        out.push_back(sent_nudge{n.kind, clock_.now(), text});
      }
    }
  }
  if (t > clock_.now()) clock_.set(t);
  return out;
}

void session::restart() {
  db_.reset();
  db_ = open_();
}

std::optional<user_state> session::user() {
  return db_->find_user(platform_, user_id_);
}

nlohmann::json session::exported() {
  auto u = user();
  if (!u) return nlohmann::json::object();
  settle_statuses(u->interviews, clock_.now());
  return export_document(*u);
}

}  // namespace followup
