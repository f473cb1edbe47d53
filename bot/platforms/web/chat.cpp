#include "bot/platforms/web/chat.hpp"

#include <atomic>
#include <random>

#include "bot/log.hpp"
#include "bot/platforms/web/protocol.hpp"

namespace followup::web {
namespace {
// For a message sent without an id: unique across restarts too, so that it is never taken for
// an earlier one (the store remembers processed ids for days).
std::string server_message_id() {
  static const std::string prefix = [] {
    std::random_device rd;
    char buf[24];
    std::snprintf(buf, sizeof buf, "s%08x%08x-", rd(), rd());
    return std::string(buf);
  }();
  static std::atomic<std::uint64_t> counter{0};
  return prefix + std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
}
}  // namespace

chat::chat(inbox& in, const clock& clk, metrics& stats, online_fn on_online, session_limits limits)
    : in_(in), clock_(clk), stats_(stats), on_online_(std::move(on_online)), limits_(limits) {}

upgrade_decision chat::upgrade(const http_request& req) {
  auto user = query_param(req.target, "user");
  if (!user || !valid_user_id(*user)) {
    return upgrade_decision::refuse(http_response::text(
        400,
        "expected /ws?user=ID, ID being 16 to 64 letters, digits, - or _, random enough "
        "not to be guessed\n"));
  }
  // Browsers always send Origin: another site's page must not talk as this user. Clients that
  // are not browsers send none and need the id anyway.
  auto origin = req.header("origin");
  if (!origin.empty() && !same_origin(origin, req.header("host"))) {
    log::warn("web chat: foreign origin refused",
              {{"origin", std::string(origin)}, {"remote", req.remote}});
    return upgrade_decision::refuse(http_response::text(403, "foreign origin\n"));
  }
  return upgrade_decision::accept(
      [this, id = std::move(*user)](ws_connection& ws) { return serve(ws, id); });
}

net::awaitable<void> chat::serve(ws_connection& ws, std::string user) {
  auto page = std::make_shared<session>(ws, user, limits_);
  if (!pages_.attach(user, page)) {
    co_await ws.close(ws_close_code::policy, "too many pages open");
    co_return;
  }
  stats_.web_pages_open.fetch_add(1, std::memory_order_relaxed);
  struct detach {
    hub& pages;
    metrics& stats;
    const std::string& user;
    const session* page;
    ~detach() {
      pages.detach(user, page);
      stats.web_pages_open.fetch_sub(1, std::memory_order_relaxed);
    }
  } guard{pages_, stats_, user, page.get()};
  log::info("web chat: page connected", {{"user", log::handle(user)}, {"remote", ws.remote()}});
  // After attach: whatever the outbox holds for this user can reach the page now.
  on_online_(user);

  session::message_fn handle = [this](session& p, std::string text) {
    return on_message(p, std::move(text));
  };
  auto run = page->run(std::move(handle));
  co_await std::move(run);
  log::info("web chat: page disconnected", {{"user", log::handle(user)}});
}

net::awaitable<void> chat::on_message(session& page, std::string text) {
  std::string error;
  auto frame = parse_client_frame(text, error);
  if (!frame) {
    co_await page.room();
    page.push(error_frame(error, {}, false));
    co_return;
  }
  if (frame->ack > 0) {
    page.acknowledged(frame->ack);
    co_return;
  }
  // The answers to the page's own messages wait for room: a page sending faster than its
  // socket drains is slowed down, not dropped.
  co_await page.room();
  if (!page.may_send(std::chrono::steady_clock::now())) {
    page.push(error_frame("rate limited: too many messages in a short time", frame->id, false));
    co_return;
  }
  auto id = frame->id.empty() ? server_message_id() : frame->id;
  inbound m;
  m.platform = std::string(platform);
  // Scoped by user: one page's ids can never shadow another user's messages.
  m.update_id = page.user_id() + "/" + id;
  m.user_id = page.user_id();
  m.chat_id = page.user_id();
  m.text = std::move(frame->text);
  m.sent_at = clock_.now();
  // A web reply is one message: the page shows any length.
  static const inbox::split_fn whole = [](const std::string& t) {
    return std::vector<std::string>{t};
  };
  auto accept = in_.accept(std::move(m), whole);
  auto status = co_await std::move(accept);
  if (status == inbox_status::failed) {
    // Not stored: the page keeps the message and sends it again.
    page.push(error_frame("store unavailable: not stored", frame->id, true));
    co_return;
  }
  // Accepted or a duplicate (a page re-sending after a reconnect): stored once, answered once.
  page.push(ack_frame(id));
}

}  // namespace followup::web
