#include "bot/inbox/inbox.hpp"

#include "bot/inbox/calendar_link.hpp"
#include "bot/log.hpp"

namespace followup {

inbox::inbox(store_worker& store, const knowledge_ref& brain, const clock& clk, metrics& stats,
             std::string default_timezone, user_rate flood, std::string public_url)
    : store_(store),
      brain_(brain),
      clock_(clk),
      stats_(stats),
      default_timezone_(std::move(default_timezone)),
      public_url_(std::move(public_url)),
      flood_(flood) {}

net::awaitable<inbox_status> inbox::accept(inbound message, const split_fn& split) {
  auto user_key = message.platform + ":" + message.user_id;
  auto now = clock_.now();
  // The web chat paces each page itself (session_limits); the platforms' users are paced here.
  auto pace = message.platform == "web" ? flood_gate::verdict::pass : flood_.check(user_key, now);
  if (pace == flood_gate::verdict::drop) {
    // Acknowledged so the platform does not redeliver it, and not stored: the user was told.
    stats_.updates_flooded.fetch_add(1, std::memory_order_relaxed);
    log::warn("message over the user's rate, not read",
              {{"platform", message.platform},
               {"update_id", log::update_id(message.platform, message.update_id)}});
    co_return inbox_status::flooded;
  }
  auto ticket = co_await lanes_.enter(user_key);
  auto brain = brain_.get();
  understanding meaning;
  if (pace == flood_gate::verdict::pass) meaning = understand(*brain, message);
  auto platform = message.platform;
  auto update_id = message.update_id;

  inbound_job job;
  job.default_timezone = default_timezone_;
  job.with_reminders = needs_reminders(message);
  job.message = std::move(message);
  job.decide = [brain, meaning, now, &split, pace, this](const inbound& msg,
                                                         const user_state& user) {
    effects fx = pace == flood_gate::verdict::warn ? slow_down(*brain, msg)
                                                   : respond(*brain, msg, meaning, user, now);
    // A new calendar link: the token is drawn here, inside the transaction that stores it.
    issue_calendar_link(brain->rules_data, fx, public_url_,
                        std::hash<std::string>{}(msg.update_id));
    std::vector<std::string> parts;
    for (const auto& reply : fx.replies) {
      for (auto& part : split(reply)) parts.push_back(std::move(part));
    }
    fx.replies = std::move(parts);
    return fx;
  };

  inbound_outcome outcome;
  try {
    outcome = co_await store_.apply(std::move(job));
  } catch (const std::exception& e) {
    log::error("inbound not stored", {{"platform", platform},
                                      {"update_id", log::update_id(platform, update_id)},
                                      {"error", e.what()}});
    co_return inbox_status::failed;
  }
  if (outcome.failed) co_return inbox_status::failed;
  if (outcome.duplicate) {
    stats_.updates_deduplicated.fetch_add(1, std::memory_order_relaxed);
    co_return inbox_status::duplicate;
  }
  stats_.updates_received.fetch_add(1, std::memory_order_relaxed);
  stats_.outbox_depth.fetch_add(static_cast<std::int64_t>(outcome.queued.size()));
  co_return inbox_status::accepted;
}

}  // namespace followup
