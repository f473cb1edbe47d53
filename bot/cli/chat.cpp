#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/cli/commands.hpp"
#include "bot/cli/rules_loading.hpp"
#include "bot/config.hpp"
#include "bot/conversation/copyable.hpp"
#include "bot/inbox/inbox.hpp"
#include "bot/log.hpp"
#include "bot/outbox/dispatcher.hpp"
#include "bot/store/sqlite_store.hpp"

namespace followup::cli {
namespace {
// The terminal as a platform: the dispatcher "delivers" by printing.
class terminal_client final : public platform_client {
 public:
  net::awaitable<send_outcome> send(const outbox_row& row) override {
    {
      std::lock_guard lock(mutex_);
      std::printf("bot> %s\n", without_copy_mark(row.text).c_str());
      std::fflush(stdout);
      ++printed_;
    }
    changed_.notify_all();
    co_return send_outcome{};
  }
  // Waits until `count` messages have been printed (or a second passes).
  void wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(2), [&] { return printed_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t printed_ = 0;
};
}  // namespace

int chat(const std::vector<std::string>& args) {
  std::string error;
  auto cfg = load_config("", error);
  if (!cfg) {
    std::fprintf(stderr, "chat: %s\n", error.c_str());
    return 2;
  }
  auto r = load_rules_or_explain("chat", cfg->rules_dir);
  if (!r) return 1;
  log::set_min_level(log::level::warn);
  system_clock clk;
  metrics stats;
  std::unique_ptr<store_worker> store;
  try {
    store = std::make_unique<store_worker>(open_sqlite_store(cfg->db), clk);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chat: cannot open the store %s: %s\n", cfg->db.c_str(), e.what());
    return 1;
  }
  knowledge_ref brain(std::make_shared<const knowledge>(std::move(*r)));
  net::io_context ioc;
  auto work = net::make_work_guard(ioc);
  dispatcher_options opts;
  opts.rate = send_rate{0, 0};
  dispatcher out(ioc, *store, clk, stats, opts);
  auto terminal = std::make_shared<terminal_client>();
  out.add_client("cli", terminal);
  inbox in(*store, brain, clk, stats, cfg->timezone);
  store->on_commit([&out](std::vector<outbox_row> rows) { out.committed(std::move(rows)); });
  out.start();
  std::thread io([&] { ioc.run(); });

  const char* user = std::getenv("USER");
  std::string user_id = user ? user : "local";
  std::printf("Follow-Up Bot (terminal). Type a message; Ctrl-D to leave.\n");
  std::string line;
  std::uint64_t n = 0;
  inbox::split_fn whole = [](const std::string& t) { return std::vector<std::string>{t}; };
  while (std::printf("you> "), std::fflush(stdout), std::getline(std::cin, line)) {
    inbound m;
    m.platform = "cli";
    m.update_id = std::to_string(clk.now().time_since_epoch().count()) + "-" + std::to_string(++n);
    m.user_id = user_id;
    m.chat_id = user_id;
    m.user_name = user_id;
    m.text = line;
    m.sent_at = clk.now();
    auto before = stats.replies_sent.load();
    auto queued_before = stats.outbox_depth.load();
    auto status = net::co_spawn(ioc, in.accept(m, whole), net::use_future).get();
    if (status == inbox_status::failed) {
      std::printf("(could not store that message; see the log)\n");
      continue;
    }
    auto queued = stats.outbox_depth.load() - queued_before;
    terminal->wait_for(before + static_cast<std::size_t>(std::max<std::int64_t>(queued, 0)));
  }
  std::printf("\n");
  net::co_spawn(ioc, out.stop(std::chrono::seconds(2)), net::use_future).get();
  work.reset();
  ioc.stop();
  io.join();
  store->stop();
  return 0;
}

}  // namespace followup::cli
