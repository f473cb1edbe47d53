#include "bot/app.hpp"

#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/conversation/ical_feed.hpp"
#include "bot/engine/engine.hpp"
#include "bot/inbox/calendar_link.hpp"
#include "bot/inbox/inbox.hpp"
#include "bot/log.hpp"
#include "bot/outbox/dispatcher.hpp"
#include "bot/platforms/slack/client.hpp"
#include "bot/platforms/slack/webhook.hpp"
#include "bot/platforms/telegram/client.hpp"
#include "bot/platforms/telegram/webhook.hpp"
#include "bot/platforms/web/chat.hpp"
#include "bot/platforms/web/client.hpp"
#include "bot/platforms/web/page.hpp"
#include "bot/platforms/web/protocol.hpp"
#include "bot/scheduler/scheduler.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/transport/server.hpp"

namespace followup {
namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
// Telegram may redeliver an update for a day; a week is a wide margin.
constexpr auto keep_processed_ids = std::chrono::hours(24 * 8);
// Delivered and failed messages are kept a week to look into a delivery, then forgotten.
constexpr auto keep_sent_messages = std::chrono::hours(24 * 7);

void log_exception(std::exception_ptr e, const char* what) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error(what, {{"error", ex.what()}});
  }
}

std::shared_ptr<const knowledge> load_knowledge(const std::string& dir) {
  std::vector<rules_error> errors;
  auto r = load_rules(dir, errors);
  if (!r) {
    std::string text = "invalid rules:";
    for (const auto& e : errors) text += "\n  " + e.text();
    throw startup_error(text);
  }
  return std::make_shared<const knowledge>(std::move(*r));
}
}  // namespace

// Destroying an io_context destroys the handlers still queued in it, and with them the
// coroutine frames they own. Those frames refer to the dispatcher, the server and the web chat,
// so they must go while those objects are still alive: before the members are destroyed.
class owning_io_context : public net::io_context {
 public:
  using net::io_context::io_context;
  void destroy_pending() { shutdown(); }
};

struct app::impl {
  impl(config c, std::shared_ptr<const clock> clk) : cfg(std::move(c)), clk(std::move(clk)) {}
  ~impl() {
    if (store) store->stop();  // after this, nothing posts to ioc from another thread
    ioc.destroy_pending();
  }

  config cfg;
  std::shared_ptr<const clock> clk;
  metrics stats;
  owning_io_context ioc{cfg.io_threads};
  store_wrapper wrap;
  std::unique_ptr<store_worker> store;
  std::unique_ptr<knowledge_ref> brain;
  std::unique_ptr<inbox> in;
  std::unique_ptr<web::chat> web;  // before outbox: its client refers to web's pages
  std::unique_ptr<dispatcher> outbox;
  std::unique_ptr<scheduler> reminders;
  router routes;
  std::unique_ptr<http_server> server;
  std::string rules_dir;
  std::atomic<bool> stop_requested{false};
  bool stopped = false;

  void reload_rules() {
    try {
      brain->set(load_knowledge(rules_dir));
      log::info("rules reloaded", {{"dir", rules_dir}});
    } catch (const std::exception& e) {
      log::error("rules reload refused; keeping the previous rules", {{"error", e.what()}});
    }
  }

  net::awaitable<void> prune_loop() {
    net::steady_timer timer(ioc);
    while (!stop_requested) {
      auto before = clk->now() - keep_processed_ids;
      try {
        auto prune = [before](followup::store& s) { return s.prune_processed(before); };
        auto n = co_await store->run(std::move(prune));
        if (n > 0) log::info("pruned processed update ids", {{"count", static_cast<long long>(n)}});
        // Cancelled reminders are kept a month for the export, then dropped.
        auto old = clk->now() - std::chrono::hours(24 * 30);
        auto prune_nudges = [old](followup::store& s) { return s.prune_nudges(old); };
        co_await store->run(std::move(prune_nudges));
        // Delivered messages, after a week; in slices, so inbound commits go on in between.
        auto sent_before = clk->now() - keep_sent_messages;
        std::int64_t removed = 0;
        for (int slice = 0; slice < 1000 && !stop_requested; ++slice) {
          auto prune_outbox = [sent_before](followup::store& s) {
            return s.prune_outbox(sent_before, 5000);
          };
          auto r = co_await store->run(std::move(prune_outbox));
          removed += r.removed;
          if (!r.more) break;
        }
        if (removed > 0)
          log::info("pruned delivered messages", {{"count", static_cast<long long>(removed)}});
      } catch (const std::exception& e) {
        log::warn("pruning failed", {{"error", e.what()}});
      }
      timer.expires_after(std::chrono::hours(1));
      co_await timer.async_wait(use_tuple);
    }
  }

  net::awaitable<void> shutdown() {
    log::info("shutting down");
    co_await server->shutdown(std::chrono::seconds(5));
    reminders->stop();
    co_await outbox->stop(std::chrono::seconds(5));
    store->stop();  // drains its queue, checkpoints the WAL
    log::info("stopped");
    ioc.stop();
  }
};

app::app(config cfg, std::shared_ptr<const clock> clk, store_wrapper wrap)
    : impl_(std::make_unique<impl>(std::move(cfg), std::move(clk))) {
  impl_->wrap = std::move(wrap);
}

app::~app() = default;

metrics& app::stats() {
  return impl_->stats;
}

net::ip::tcp::endpoint app::start() {
  auto& d = *impl_;
  auto dir = find_rules_dir(d.cfg.rules_dir);
  if (!dir) {
    throw startup_error(d.cfg.rules_dir.empty()
                            ? "cannot find the rules/ directory; set FOLLOWUP_RULES"
                            : "no rules (replies.yaml) in " + d.cfg.rules_dir);
  }
  d.rules_dir = *dir;
  d.brain = std::make_unique<knowledge_ref>(load_knowledge(d.rules_dir));

  if (d.cfg.db.starts_with("postgresql://") || d.cfg.db.starts_with("postgres://")) {
    throw startup_error("PostgreSQL storage is not available in this build; use a SQLite path");
  }
  try {
    auto opened = open_sqlite_store(d.cfg.db);
    if (auto settled = opened->recover_in_flight(); settled > 0) {
      log::warn("reminders cut off mid-send by a crash are counted as sent",
                {{"count", static_cast<long long>(settled)}});
    }
    d.stats.outbox_depth = opened->outbox_depth();
    std::unique_ptr<store> used = std::move(opened);
    if (d.wrap) used = d.wrap(std::move(used));
    d.store = std::make_unique<store_worker>(std::move(used), *d.clk);
    d.store->count_in(d.stats);
  } catch (const std::exception& e) {
    throw startup_error(std::string("cannot open the store: ") + e.what());
  }

  dispatcher_options opts;
  opts.rate = d.cfg.rate;
  d.outbox = std::make_unique<dispatcher>(d.ioc, *d.store, *d.clk, d.stats, opts);
  d.in = std::make_unique<inbox>(*d.store, *d.brain, *d.clk, d.stats, d.cfg.timezone, d.cfg.flood,
                                 d.cfg.public_base());
  // Rows queued by a reply (store commit) or by a reminder (scheduler) go the same way.
  auto to_outbox = [out = d.outbox.get()](std::vector<outbox_row> rows) {
    out->committed(std::move(rows));
  };
  d.store->on_commit(to_outbox);
  d.reminders = std::make_unique<scheduler>(d.ioc, *d.store, *d.brain, *d.clk, to_outbox);
  d.store->on_nudges_added([s = d.reminders.get()] { s->notify(); });

  d.routes.add("GET", "/healthz", [&d](http_request) -> net::awaitable<http_response> {
    // 503 while nothing can be stored: a load balancer or supervisor should know.
    if (!d.store->healthy()) {
      co_return http_response::json(503, "{\"status\":\"degraded\",\"store\":\"failing\"}\n");
    }
    co_return http_response::json(200, "{\"status\":\"ok\"}\n");
  });
  // A user's private calendar feed. An unknown or malformed token is a plain 404, the same as
  // any unknown path: nothing tells a guess that it came close.
  d.routes.add("GET", "/calendar/*", [&d](http_request req) -> net::awaitable<http_response> {
    std::string_view rest =
        std::string_view(req.path).substr(std::string_view("/calendar/").size());
    if (!rest.ends_with(".ics")) co_return http_response::text(404, "not found\n");
    rest.remove_suffix(4);
    if (!well_formed_calendar_token(rest)) co_return http_response::text(404, "not found\n");
    // A named function object: g++ 12 frees a lambda's captures twice when the lambda is a
    // temporary inside a co_await expression.
    auto lookup = [hash = calendar_token_hash(rest)](store& s) {
      return s.find_user_by_calendar(hash);
    };
    auto user = co_await d.store->run(lookup);
    if (!user) co_return http_response::text(404, "not found\n");
    auto brain = d.brain->get();
    http_response res{
        200, "text/calendar; charset=utf-8", ical_feed(*user, brain->rules_data, d.clk->now()), {}};
    res.headers.emplace_back("Cache-Control", "private, max-age=300");
    res.headers.emplace_back("X-Robots-Tag", "noindex");
    co_return res;
  });
  d.routes.add("GET", "/metrics", [&d](http_request) -> net::awaitable<http_response> {
    co_return http_response{200, "text/plain; version=0.0.4; charset=utf-8", d.stats.render(), {}};
  });
  if (d.cfg.web_chat) {
    // The web chat: the page at GET /, its socket at GET /ws, its client in the outbox.
    auto online = [out = d.outbox.get()](const std::string& user) {
      out->chat_online(std::string(web::platform), user);
    };
    d.web = std::make_unique<web::chat>(*d.in, *d.clk, d.stats, std::move(online));
    d.outbox->add_client(std::string(web::platform), std::make_shared<web::client>(d.web->pages()));
    web::add_page_routes(d.routes);
    d.routes.add_upgrade("/ws", [&d](const http_request& req) { return d.web->upgrade(req); });
  } else {
    d.routes.add("GET", "/", [](http_request) -> net::awaitable<http_response> {
      co_return http_response::text(200,
                                    "followup-bot: web chat disabled (FOLLOWUP_WEB_CHAT=off)\n");
    });
  }

  if (d.cfg.telegram_enabled()) {
    auto api = parse_url(d.cfg.telegram_api);
    if (!api)
      throw startup_error("FOLLOWUP_TELEGRAM_API is not an http(s) URL: " + d.cfg.telegram_api);
    d.outbox->add_client("telegram", std::make_shared<telegram::client>(d.outbox->executor(), *api,
                                                                        d.cfg.telegram_token));
    d.routes.add("POST", "/telegram/webhook",
                 [&d](http_request req) -> net::awaitable<http_response> {
                   co_return co_await telegram::handle_webhook(d.cfg.telegram_secret, *d.in,
                                                               d.stats, std::move(req));
                 });
  } else if (!d.cfg.telegram_token.empty() || !d.cfg.telegram_secret.empty()) {
    log::warn("telegram disabled: set both FOLLOWUP_TELEGRAM_TOKEN and FOLLOWUP_TELEGRAM_SECRET");
  }

  if (d.cfg.slack_enabled()) {
    auto api = parse_url(d.cfg.slack_api);
    if (!api) throw startup_error("FOLLOWUP_SLACK_API is not an http(s) URL: " + d.cfg.slack_api);
    d.outbox->add_client("slack", std::make_shared<slack::client>(d.outbox->executor(), *api,
                                                                  d.cfg.slack_bot_token));
    auto slack_ctx = std::make_shared<const slack::webhook_context>(
        slack::webhook_context{d.cfg.slack_signing_secret, *d.in, d.stats, *d.clk, *d.brain});
    d.routes.add("POST", "/slack/events",
                 [slack_ctx](http_request req) -> net::awaitable<http_response> {
                   auto answering = slack::handle_request(*slack_ctx, std::move(req));
                   co_return co_await std::move(answering);
                 });
  } else if (!d.cfg.slack_signing_secret.empty() || !d.cfg.slack_bot_token.empty()) {
    log::warn(
        "slack disabled: set both FOLLOWUP_SLACK_SIGNING_SECRET and FOLLOWUP_SLACK_BOT_TOKEN");
  }

  server_limits limits;
  limits.max_websockets_per_address = d.cfg.web_sockets_per_address;
  d.server = std::make_unique<http_server>(d.ioc, d.routes, d.stats, limits);
  if (!d.cfg.tls_cert.empty() || !d.cfg.tls_key.empty()) {
    if (d.cfg.tls_cert.empty() || d.cfg.tls_key.empty()) {
      throw startup_error("TLS needs both FOLLOWUP_TLS_CERT and FOLLOWUP_TLS_KEY");
    }
    try {
      d.server->enable_tls(d.cfg.tls_cert, d.cfg.tls_key);
    } catch (const std::exception& e) {
      throw startup_error(e.what());
    }
  }
  net::ip::tcp::endpoint ep;
  try {
    ep = d.server->listen(d.cfg.listen_host, d.cfg.listen_port);
  } catch (const std::exception& e) {
    throw startup_error("cannot listen on " + d.cfg.listen_host + ":" +
                        std::to_string(d.cfg.listen_port) + ": " + e.what());
  }
  d.server->start();
  d.outbox->start();
  d.reminders->start();
  net::co_spawn(d.ioc, d.prune_loop(),
                [](std::exception_ptr e) { log_exception(e, "prune loop failed"); });
  log::info("listening", {{"address", ep.address().to_string()},
                          {"port", static_cast<int>(ep.port())},
                          {"tls", d.cfg.tls_cert.empty() ? "off" : "on"},
                          {"telegram", d.cfg.telegram_enabled() ? "on" : "off"},
                          {"web_chat", d.cfg.web_chat ? "on" : "off"},
                          {"slack", d.cfg.slack_enabled() ? "on" : "off"},
                          {"db", d.cfg.db},
                          {"rules", d.rules_dir}});
  return ep;
}

void app::stop() {
  auto& d = *impl_;
  if (d.stop_requested.exchange(true)) return;
  net::co_spawn(d.ioc, d.shutdown(),
                [](std::exception_ptr e) { log_exception(e, "shutdown failed"); });
}

void app::run(bool handle_signals) {
  auto& d = *impl_;
  net::signal_set signals(d.ioc);
  if (handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.add(SIGHUP);
    std::function<void(boost::system::error_code, int)> on_signal;
    on_signal = [&](boost::system::error_code ec, int sig) {
      if (ec) return;
      if (sig == SIGHUP) {
        d.reload_rules();
        signals.async_wait(on_signal);
        return;
      }
      stop();
    };
    signals.async_wait(on_signal);
    std::vector<std::thread> threads;
    for (int i = 1; i < d.cfg.io_threads; ++i) threads.emplace_back([&] { d.ioc.run(); });
    d.ioc.run();
    for (auto& t : threads) t.join();
    return;
  }
  std::vector<std::thread> threads;
  for (int i = 1; i < d.cfg.io_threads; ++i) threads.emplace_back([&] { d.ioc.run(); });
  d.ioc.run();
  for (auto& t : threads) t.join();
}

}  // namespace followup
