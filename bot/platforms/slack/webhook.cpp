#include "bot/platforms/slack/webhook.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "bot/engine/engine.hpp"
#include "bot/log.hpp"
#include "bot/platforms/slack/events.hpp"
#include "bot/platforms/slack/format.hpp"
#include "bot/platforms/slack/signature.hpp"
#include "bot/platforms/slack/slash_command.hpp"

namespace followup::slack {
namespace {

http_response empty_ok() {
  return http_response::text(200, "");
}

// A sentence from rules/replies.yaml: loading (and reloading) rules requires its keys
// (required_reply_keys), so it is always there.
std::string say(const webhook_context& ctx, std::string_view key) {
  auto k = ctx.brain.get();
  auto seed = static_cast<std::uint64_t>(to_millis(ctx.clk.now()));
  return k->rules_data.say(key, seed);
}

http_response ephemeral(const std::vector<std::string>& parts) {
  if (parts.empty() || (parts.size() == 1 && parts[0].empty())) return empty_ok();
  return http_response::json(200, ephemeral_response(parts));
}

net::awaitable<http_response> handle_event(const webhook_context& ctx, http_request req) {
  auto parsed = parse_event(req.body);
  if (parsed.what == parsed_event::kind::url_verification) {
    nlohmann::json answer{{"challenge", parsed.challenge}};
    co_return http_response::json(200, answer.dump());
  }
  if (parsed.what == parsed_event::kind::ignored) {
    // 200: redelivering something we will never act on helps nobody.
    ctx.stats.updates_ignored.fetch_add(1, std::memory_order_relaxed);
    log::info("slack event ignored", {{"request_id", req.request_id}, {"reason", parsed.ignored}});
    co_return empty_ok();
  }
  if (auto retry = req.header("x-slack-retry-num"); !retry.empty()) {
    // A redelivery is deduplicated on event_id by the inbox, whatever the retry count says.
    log::info("slack redelivery", {{"request_id", req.request_id},
                                   {"update_id", parsed.message->update_id},
                                   {"retry", retry},
                                   {"reason", req.header("x-slack-retry-reason")}});
  }
  static const inbox::split_fn split = [](const std::string& text) {
    return split_message(text, max_message_length);
  };
  // Ack vs durability: normally the commit takes milliseconds and the 200 means "stored".
  // If it takes longer than the deadline, Slack still gets its 200 in time (a late answer
  // would make it retry, and repeated failures disable the app's subscription); the work
  // carries on, and a failure after that point is logged as an error rather than lost silently.
  // A failure known before the deadline is a 500, so that Slack delivers the event again.
  auto accepting = accept_within(ctx.in, std::move(*parsed.message), split, ctx.ack_deadline);
  auto status = co_await std::move(accepting);
  if (status && *status == inbox_status::failed) co_return http_response::text(500, "try again\n");
  if (!status)
    log::warn("slack event acknowledged before it was stored", {{"request_id", req.request_id}});
  co_return empty_ok();
}

// Where a slash command's reply parts go: into the HTTP answer when the commit finishes in
// time (`captured`), else into the outbox, to the user's direct conversation (`released`).
// Decided once, under the mutex, by whichever comes first: the transaction producing its
// replies (on the store thread) or the request giving up waiting.
struct reply_claim {
  enum class state { open, captured, released };
  std::mutex mutex;
  state s = state::open;
  std::vector<std::string> parts;
};

net::awaitable<http_response> handle_command(const webhook_context& ctx, http_request req) {
  auto cmd = parse_slash_command(req.body);
  if (!cmd) {
    ctx.stats.updates_ignored.fetch_add(1, std::memory_order_relaxed);
    log::info("slack form post ignored", {{"request_id", req.request_id}});
    co_return empty_ok();
  }
  auto message = to_inbound(*cmd, req.body);
  if (message.text.empty()) {
    // Nothing to understand: say how to use the command, and store nothing.
    auto usage = say(ctx, "slack.command_empty");
    co_return ephemeral({usage});
  }
  auto claim = std::make_shared<reply_claim>();
  inbox::split_fn split = [claim](const std::string& text) {
    auto parts = split_message(text, max_message_length);
    std::lock_guard lock(claim->mutex);
    if (claim->s == reply_claim::state::open) claim->s = reply_claim::state::captured;
    if (claim->s == reply_claim::state::released) return parts;
    for (auto& p : parts) claim->parts.push_back(std::move(p));
    return std::vector<std::string>{};
  };
  auto accepting = accept_within(ctx.in, std::move(message), std::move(split), ctx.ack_deadline);
  auto status = co_await std::move(accepting);

  std::vector<std::string> parts;
  bool decided = false;
  {
    std::lock_guard lock(claim->mutex);
    decided = claim->s == reply_claim::state::captured;
    parts = claim->parts;
    // From here on, any further reply goes through the outbox.
    claim->s = reply_claim::state::released;
  }
  if (status && (*status == inbox_status::duplicate || *status == inbox_status::flooded)) {
    co_return empty_ok();
  }
  if (status && *status == inbox_status::failed) {
    auto sorry = say(ctx, "internal_error");
    co_return ephemeral({sorry});
  }
  if (!status && !decided) {
    // Not even decided yet: the replies will be queued for the user's direct conversation.
    log::warn("slack command answered before it was stored", {{"request_id", req.request_id}});
    auto later = say(ctx, "slack.command_queued");
    co_return ephemeral({later});
  }
  // Accepted, or decided and only the commit still running: answer with what was decided.
  co_return ephemeral(parts);
}

}  // namespace

net::awaitable<http_response> handle_request(const webhook_context& ctx, http_request req) {
  auto verdict = verify(ctx.signing_secret, req.header("x-slack-request-timestamp"),
                        req.header("x-slack-signature"), req.body, ctx.clk.now());
  if (verdict != signature_status::valid) {
    ctx.stats.updates_rejected.fetch_add(1, std::memory_order_relaxed);
    log::warn(
        "slack request rejected",
        {{"request_id", req.request_id}, {"remote", req.remote}, {"reason", to_string(verdict)}});
    co_return http_response::text(401, "unauthorized\n");
  }
  std::string content_type(req.header("content-type"));
  for (auto& c : content_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (content_type.starts_with("application/x-www-form-urlencoded")) {
    auto answering = handle_command(ctx, std::move(req));
    auto response = co_await std::move(answering);
    co_return response;
  }
  auto answering = handle_event(ctx, std::move(req));
  auto response = co_await std::move(answering);
  co_return response;
}

}  // namespace followup::slack
