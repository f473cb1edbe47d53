// Parking in the outbox: send_status::offline (a web chat with no page open) holds a chat's
// rows, counting no attempt, until the dispatcher hears the chat is online again.
#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/outbox/dispatcher.hpp"
#include "bot/outbox/outbox_queue.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/outbox_rows.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;

namespace {
outbox_row web_row(std::int64_t id, std::string chat, outbox_priority p = outbox_priority::reply) {
  return row(id, std::move(chat), p, t0(), "web");
}

const send_outcome ok{};
const send_outcome offline{send_status::offline, {}, "no page open"};
const std::string key_a = outbox_queue::chat_key("web", "a");
}  // namespace

BOOST_AUTO_TEST_SUITE(web_outbox_parking)

BOOST_AUTO_TEST_CASE(offline_parks_the_chat_without_counting_an_attempt) {
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  q.add(web_row(1, "a"), t0());
  q.add(web_row(2, "a"), t0());
  q.add(web_row(3, "b"), t0());
  BOOST_TEST(ids(q.take_ready(t0())) == (std::vector<std::int64_t>{1, 3}));
  auto d = q.complete(1, offline, t0());
  // Nothing changes in the store: a retry with the attempts and time it already had.
  BOOST_TEST(static_cast<int>(d.result) == static_cast<int>(delivery_result::retry));
  BOOST_TEST(d.attempts == 0);
  BOOST_TEST((d.not_before == t0()));
  BOOST_TEST(q.parked(key_a));
  BOOST_TEST(q.parked_rows() == 2u);
  BOOST_TEST(q.active_size() == 1u);  // row 3, in flight
  q.complete(3, ok, t0());
  // No clock wakes a parked chat, not even a day later; nor does a new row.
  BOOST_TEST(!q.next_wake());
  q.add(web_row(4, "a", outbox_priority::nudge), t0());
  BOOST_TEST(q.parked_rows() == 3u);
  BOOST_TEST(q.take_ready(t0() + 48h).empty());
  // Online again: everything goes, in order, one at a time.
  BOOST_TEST(q.unpark(key_a, t0() + 48h));
  BOOST_TEST(q.parked_rows() == 0u);
  BOOST_TEST(ids(q.take_ready(t0() + 48h)) == std::vector<std::int64_t>{1});
  BOOST_TEST(q.complete(1, ok, t0() + 48h).attempts == 1);
  BOOST_TEST(ids(q.take_ready(t0() + 48h)) == std::vector<std::int64_t>{2});
  q.complete(2, ok, t0() + 48h);
  BOOST_TEST(ids(q.take_ready(t0() + 48h)) == std::vector<std::int64_t>{4});
  q.complete(4, ok, t0() + 48h);
  BOOST_TEST(q.size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_parked_row_older_than_the_retry_budget_still_goes) {
  // The 24 h give-up is about failing APIs; a page that was closed for two days is not one.
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  q.add(web_row(1, "a"), t0());
  q.take_ready(t0());
  q.complete(1, offline, t0());
  q.unpark(key_a, t0() + 50h);
  BOOST_TEST(ids(q.take_ready(t0() + 50h)) == std::vector<std::int64_t>{1});
  auto d = q.complete(1, offline, t0() + 50h);
  BOOST_TEST(static_cast<int>(d.result) == static_cast<int>(delivery_result::retry));
  BOOST_TEST(q.parked(key_a));
}

BOOST_AUTO_TEST_CASE(online_while_a_send_is_in_flight_means_try_again_not_park) {
  // The page connected after the client found none, before the offline answer came back.
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  q.add(web_row(1, "a"), t0());
  q.take_ready(t0());
  BOOST_TEST(q.unpark(key_a, t0()));
  q.complete(1, offline, t0());
  BOOST_TEST(!q.parked(key_a));
  BOOST_TEST(ids(q.take_ready(t0())) == std::vector<std::int64_t>{1});
  // The hint is used up: the next offline answer parks.
  q.complete(1, offline, t0());
  BOOST_TEST(q.parked(key_a));
}

BOOST_AUTO_TEST_CASE(unpark_of_an_unknown_chat_is_false) {
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  BOOST_TEST(!q.unpark(key_a, t0()));
  q.add(web_row(1, "a"), t0());
  BOOST_TEST(q.unpark(key_a, t0()));  // known and scheduled: nothing to do
  BOOST_TEST(ids(q.take_ready(t0())) == std::vector<std::int64_t>{1});
}

BOOST_AUTO_TEST_CASE(eviction_forgets_the_chats_parked_longest) {
  outbox_queue q(send_rate{0, 0}, retry_policy{}, 8);
  for (std::int64_t i = 1; i <= 3; ++i) q.add(web_row(i, "c" + std::to_string(i)), t0());
  q.add(web_row(4, "c1"), t0());
  q.take_ready(t0());
  for (std::int64_t i : {2, 1, 3}) q.complete(i, offline, t0());
  BOOST_TEST(q.parked_rows() == 4u);
  auto gone = q.evict_parked(1);
  // c2 parked first, then c1 (two rows): forgetting both leaves one row.
  BOOST_TEST(gone == (std::vector<std::string>{outbox_queue::chat_key("web", "c2"),
                                               outbox_queue::chat_key("web", "c1")}));
  BOOST_TEST(q.parked_rows() == 1u);
  BOOST_TEST(!q.contains(1));
  BOOST_TEST(!q.contains(4));
  BOOST_TEST(q.contains(3));
  // A forgotten row may be added again later (reloaded from the store).
  q.add(web_row(1, "c1"), t0());
  BOOST_TEST(ids(q.take_ready(t0())) == std::vector<std::int64_t>{1});
}

BOOST_AUTO_TEST_CASE(offline_is_never_retried_on_a_clock) {
  BOOST_TEST(!next_attempt(retry_policy{}, offline, 1, t0(), t0(), 1));
}

// ---- the dispatcher, with a real store and a fake web client ----------------------------------

namespace {
// Delivers to chats marked online; answers offline for the others.
class fake_web final : public platform_client {
 public:
  net::awaitable<send_outcome> send(const outbox_row& r) override {
    std::lock_guard lock(mutex_);
    if (!online_.count(r.chat_id)) {
      ++offline_answers_;
      co_return offline;
    }
    sent_.push_back(r.chat_id + ":" + r.text);
    changed_.notify_all();
    co_return ok;
  }
  void set_online(const std::string& chat) {
    std::lock_guard lock(mutex_);
    online_.insert(chat);
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  int offline_answers() {
    std::lock_guard lock(mutex_);
    return offline_answers_;
  }
  bool wait_sent(std::size_t n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return sent_.size() >= n; });
  }
  bool wait_offline(int n, std::chrono::milliseconds timeout = 5s) {
    return eventually([&] { return offline_answers() >= n; }, timeout);
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> online_;
  std::vector<std::string> sent_;
  int offline_answers_ = 0;
};

outbox_row stored(std::string chat, std::string text, outbox_priority p = outbox_priority::reply,
                  std::string platform = "web") {
  outbox_row r;
  r.platform = std::move(platform);
  r.chat_id = std::move(chat);
  r.text = std::move(text);
  r.priority = p;
  r.not_before = system_clock{}.now();
  r.created_at = r.not_before;
  return r;
}

// A dispatcher on its own io_context thread over a SQLite file with `rows` already in it.
struct rig {
  temp_dir dir;
  std::string db = dir.file("bot.db");
  system_clock clk;
  metrics stats;
  net::io_context ioc;
  std::unique_ptr<store_worker> worker;
  std::unique_ptr<dispatcher> out;
  std::shared_ptr<fake_web> web = std::make_shared<fake_web>();
  std::shared_ptr<fake_web> other = std::make_shared<fake_web>();
  std::thread thread;

  explicit rig(const std::vector<outbox_row>& rows, dispatcher_options opts = {},
               const std::vector<std::string>& online = {}) {
    for (const auto& chat : online) web->set_online(chat);
    auto s = open_sqlite_store(db);
    for (const auto& r : rows) s->enqueue(r);
    worker = std::make_unique<store_worker>(std::move(s), clk);
    opts.rate = send_rate{0, 0};
    out = std::make_unique<dispatcher>(ioc, *worker, clk, stats, opts);
    out->add_client("web", web);
    out->add_client("telegram", other);
    other->set_online("t");
    out->start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~rig() {
    net::co_spawn(ioc, out->stop(1s), net::use_future).wait();
    ioc.stop();
    thread.join();
    worker->stop();
  }
};
}  // namespace

BOOST_AUTO_TEST_CASE(dispatcher_delivers_parked_rows_when_the_chat_comes_online) {
  rig r({stored("a", "one"), stored("a", "two"), stored("a", "nudge", outbox_priority::nudge)});
  BOOST_REQUIRE(r.web->wait_offline(1));
  std::this_thread::sleep_for(100ms);
  BOOST_TEST(r.web->offline_answers() == 1);  // parked after one try, not retried
  BOOST_TEST(r.stats.replies_retried.load() == 0u);
  r.web->set_online("a");
  r.out->chat_online("web", "a");
  BOOST_REQUIRE(r.web->wait_sent(3));
  BOOST_TEST(r.web->sent() == (std::vector<std::string>{"a:one", "a:two", "a:nudge"}));
  // Outcomes are recorded in batches, on the store's thread, after the sends.
  BOOST_TEST(eventually([&] {
    return scalar(r.db, "SELECT count(*) FROM outbox WHERE state = 1 AND attempts = 1") == 3;
  }));
}

BOOST_AUTO_TEST_CASE(dispatcher_checks_the_store_when_a_chat_with_nothing_parked_comes_online) {
  rig r({stored("z", "first")}, {}, {"z", "a"});
  BOOST_REQUIRE(r.web->wait_sent(1));  // the start-up load is over
  // Written behind the dispatcher's back (as with the sqlite3 CLI): nobody calls notify().
  insert_outbox(r.db, "web", "a", "hello", 1);
  std::this_thread::sleep_for(200ms);
  BOOST_TEST(r.web->sent().size() == 1u);
  r.out->chat_online("web", "a");
  BOOST_REQUIRE(r.web->wait_sent(2));
  BOOST_TEST(r.web->sent() == (std::vector<std::string>{"z:first", "a:hello"}));
}

BOOST_AUTO_TEST_CASE(a_parked_chat_coming_online_also_gets_rows_written_behind_our_back) {
  rig r({stored("a", "parked")});
  BOOST_REQUIRE(r.web->wait_offline(1));
  insert_outbox(r.db, "web", "a", "from a tool", 1);
  r.web->set_online("a");
  r.out->chat_online("web", "a");
  BOOST_REQUIRE(r.web->wait_sent(2));
  BOOST_TEST(r.web->sent() == (std::vector<std::string>{"a:parked", "a:from a tool"}));
}

BOOST_AUTO_TEST_CASE(parked_rows_do_not_fill_the_memory_other_chats_need) {
  std::vector<outbox_row> rows;
  for (int i = 0; i < 12; ++i) rows.push_back(stored("a" + std::to_string(i), "x"));
  dispatcher_options opts;
  opts.max_in_memory = 8;
  opts.load_batch = 4;
  rig r(rows, opts);
  BOOST_REQUIRE(r.web->wait_offline(12));
  insert_outbox(r.db, "telegram", "t", "still flowing", 0);
  r.out->notify();
  BOOST_REQUIRE(r.other->wait_sent(1));
  BOOST_TEST(r.other->sent() == std::vector<std::string>{"t:still flowing"});
}

BOOST_AUTO_TEST_CASE(evicted_chats_are_reloaded_from_the_store_in_order) {
  std::vector<outbox_row> rows;
  for (int i = 0; i < 6; ++i)
    rows.push_back(stored("c" + std::to_string(i % 3), "r" + std::to_string(i)));
  rows.push_back(stored("c0", "n", outbox_priority::nudge));
  dispatcher_options opts;
  opts.max_parked_in_memory = 2;  // three chats of two or three rows: some are forgotten
  rig r(rows, opts);
  BOOST_REQUIRE(r.web->wait_offline(3));
  std::this_thread::sleep_for(100ms);
  for (std::string chat : {"c0", "c1", "c2"}) {
    r.web->set_online(chat);
    r.out->chat_online("web", chat);
  }
  BOOST_REQUIRE(r.web->wait_sent(7));
  BOOST_TEST(
      eventually([&] { return scalar(r.db, "SELECT count(*) FROM outbox WHERE state = 0") == 0; }));
  std::this_thread::sleep_for(100ms);  // time for a duplicate send to show, if there were one
  auto sent = r.web->sent();
  BOOST_TEST(sent.size() == 7u);  // each once
  auto order = [&](const std::string& chat) {
    std::vector<std::string> out;
    for (const auto& s : sent) {
      if (s.starts_with(chat + ":")) out.push_back(s);
    }
    return out;
  };
  BOOST_TEST(order("c0") == (std::vector<std::string>{"c0:r0", "c0:r3", "c0:n"}));
  BOOST_TEST(order("c1") == (std::vector<std::string>{"c1:r1", "c1:r4"}));
  BOOST_TEST(order("c2") == (std::vector<std::string>{"c2:r2", "c2:r5"}));
}

BOOST_AUTO_TEST_SUITE_END()
