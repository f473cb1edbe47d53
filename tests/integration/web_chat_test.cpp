// The web chat over real loopback sockets: a Beast WebSocket client (the browser's stand-in)
// against the server's upgrade hook, and against the whole app in this process.
#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <csignal>
#include <deque>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/web/client.hpp"
#include "bot/platforms/web/hub.hpp"
#include "bot/platforms/web/protocol.hpp"
#include "bot/platforms/web/session.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/transport/server.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/sqlite_peek.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using json = nlohmann::json;

namespace {
using header_list = std::vector<std::pair<std::string, std::string>>;

// A browser stand-in: a Beast WebSocket client whose reads run on its own thread, so that pings
// are answered while the test waits; received messages queue up for next(). Waits default to
// 10 s: each answer costs an fsync, slow on a CI machine busy with other builds.
class ws_client {
 public:
  ws_client(std::uint16_t port, const std::string& target, const header_list& headers = {})
      : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(net::ip::address_v4::loopback(), port));
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [k, v] : headers) req.set(k, v);
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws_.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    status_ = res.result_int();
    if (ec) return;
    open_ = true;
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping) ++pings_;
    });
    read_next();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~ws_client() {
    if (thread_.joinable()) {
      net::post(ioc_, [this] { beast::get_lowest_layer(ws_).close(); });
      thread_.join();
    }
  }

  bool open() const { return open_; }
  unsigned status() const { return status_; }
  int pings() const { return pings_.load(); }

  void send(const std::string& text, bool binary = false) {
    // Shared: if the socket's thread has ended, the write never runs and must not dangle.
    auto data = std::make_shared<std::string>(text);
    auto done = std::make_shared<std::promise<beast::error_code>>();
    auto result = done->get_future();
    net::post(ioc_, [this, data, done, binary] {
      ws_.binary(binary);
      ws_.async_write(net::buffer(*data),
                      [data, done](beast::error_code ec, std::size_t) { done->set_value(ec); });
    });
    BOOST_TEST_REQUIRE((result.wait_for(5s) == std::future_status::ready), "send timed out");
    auto ec = result.get();
    BOOST_TEST_REQUIRE(!ec, "send failed: " << ec.message());
  }
  void send_json(const json& j) { send(j.dump()); }

  // The next message, or nullopt when none came in time (or the socket closed).
  std::optional<std::string> next(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return !inbox_.empty() || closed_; });
    if (inbox_.empty()) return std::nullopt;
    auto m = std::move(inbox_.front());
    inbox_.pop_front();
    return m;
  }
  // The first unread message of this kind ("reply", "nudge", "ack", "error"); others stay
  // queued, as a page handles each frame by its kind: the bot does not promise that the ack of
  // a message comes before the reply to it (they travel different paths).
  std::optional<json> next_of(const std::string& kind, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    std::optional<json> found;
    changed_.wait_for(lock, timeout, [&] {
      for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
        auto j = json::parse(*it);
        if (j.value("kind", "") == kind) {
          found = std::move(j);
          inbox_.erase(it);
          return true;
        }
      }
      return closed_;
    });
    return found;
  }
  // Every reply until `quiet` passes without one, each acknowledged like the page does.
  std::vector<std::int64_t> replies(std::chrono::milliseconds quiet = 1000ms) {
    std::vector<std::int64_t> ids;
    while (auto r = next_of("reply", quiet)) {
      ids.push_back((*r)["id"].get<std::int64_t>());
      send(json{{"ack", ids.back()}}.dump());
    }
    return ids;
  }
  // Waits for the server to close; its close code (0 when it did not close in time).
  unsigned wait_closed(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return closed_; });
    return closed_ ? close_code_ : 0;
  }
  // Drops the connection without a closing handshake, like a tab that is killed.
  void abort() {
    std::promise<void> done;
    net::post(ioc_, [&] {
      beast::get_lowest_layer(ws_).close();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  void read_next() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      std::lock_guard lock(mutex_);
      if (ec) {
        closed_ = true;
        close_code_ = ws_.reason().code;
        changed_.notify_all();
        return;
      }
      inbox_.push_back(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
      changed_.notify_all();
      read_next();
    });
  }

  net::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::thread thread_;
  unsigned status_ = 0;
  bool open_ = false;
  std::atomic<int> pings_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> inbox_;
  bool closed_ = false;
  unsigned close_code_ = 0;
};

// A server with one WebSocket route, /echo, on its own thread: the transport on its own.
struct echo_server {
  net::io_context ioc;
  metrics stats;
  router routes;
  std::unique_ptr<http_server> server;
  std::uint16_t port = 0;
  std::thread thread;
  bool stopped = false;

  explicit echo_server(server_limits limits = {}) {
    routes.add_upgrade("/echo", [](const http_request&) {
      return upgrade_decision::accept([](ws_connection& ws) -> net::awaitable<void> {
        for (;;) {
          auto m = co_await ws.read();
          if (m.status != ws_read_status::message) co_return;
          auto echo = ws.write(std::move(m.text));
          co_await std::move(echo);
        }
      });
    });
    routes.add("GET", "/healthz", [](http_request) -> net::awaitable<http_response> {
      co_return http_response::text(200, "ok\n");
    });
    server = std::make_unique<http_server>(ioc, routes, stats, limits);
    port = server->listen("127.0.0.1", 0).port();
    server->start();
    thread = std::thread([this] { ioc.run(); });
  }
  void shutdown() {
    if (stopped) return;
    stopped = true;
    net::co_spawn(ioc, server->shutdown(2s), net::use_future).wait();
  }
  ~echo_server() {
    shutdown();
    ioc.stop();
    thread.join();
  }
};

// The web chat's sessions and outbox client without the app: pages connect to /ws?user=ID and
// their receipts are honoured, as web::chat does.
struct page_server {
  net::io_context ioc;
  metrics stats;
  router routes;
  web::hub pages;
  web::session_limits limits;
  std::unique_ptr<http_server> server;
  std::uint16_t port = 0;
  std::thread thread;

  explicit page_server(web::session_limits l) : limits(l) {
    routes.add_upgrade("/ws", [this](const http_request& req) {
      auto user = web::query_param(req.target, "user").value_or("");
      return upgrade_decision::accept([this, user](ws_connection& ws) { return serve(ws, user); });
    });
    server = std::make_unique<http_server>(ioc, routes, stats);
    port = server->listen("127.0.0.1", 0).port();
    server->start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~page_server() {
    net::co_spawn(ioc, server->shutdown(2s), net::use_future).wait();
    ioc.stop();
    thread.join();
  }

  net::awaitable<void> serve(ws_connection& ws, std::string user) {
    auto page = std::make_shared<web::session>(ws, user, limits);
    pages.attach(user, page);
    web::session::message_fn handle = [](web::session& p,
                                         std::string text) -> net::awaitable<void> {
      std::string error;
      auto f = web::parse_client_frame(text, error);
      if (f && f->ack > 0) p.acknowledged(f->ack);
      co_return;
    };
    auto run = page->run(std::move(handle));
    co_await std::move(run);
    pages.detach(user, page.get());
  }

  // The outbox's send, on a strand of its own (as on the dispatcher's).
  std::future<send_outcome> send(const std::string& user, std::int64_t id) {
    auto client = std::make_shared<web::client>(pages);
    auto row = std::make_shared<outbox_row>();
    row->id = id;
    row->platform = "web";
    row->chat_id = user;
    row->text = "message " + std::to_string(id);
    auto strand = net::make_strand(ioc);
    return net::co_spawn(
        strand,
        [client, row]() -> net::awaitable<send_outcome> { co_return co_await client->send(*row); },
        net::use_future);
  }
};

// A peer that completes the handshake and then goes silent: reads nothing, answers no ping.
tcp::socket silent_peer(net::io_context& ioc, std::uint16_t port, const std::string& target) {
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(net::ip::address_v4::loopback(), port));
  std::string req =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  net::write(s, net::buffer(req));
  std::string head;
  net::read_until(s, net::dynamic_buffer(head), "\r\n\r\n");
  BOOST_TEST(head.starts_with("HTTP/1.1 101"));
  return s;
}

// A page's id as the page makes them (random base64url), one per letter.
std::string user(char c) {
  return std::string("Kp4-Zq8_xW2mT7rB5nL") + c + "s9";
}

config web_config(const std::string& db) {
  // Telegram is configured but never used here; no fake API needed.
  return test_config(db, "http://127.0.0.1:9");
}

// The handshake completes before the server attaches the page to its user: a test that needs the
// page to receive what is sent next waits until it is counted.
bool pages_open(running_bot& bot, std::int64_t n) {
  return eventually([&] { return bot.stats().web_pages_open.load() == n; });
}

void insert_nudge(const std::string& db, const std::string& uid, const std::string& text) {
  insert_outbox(db, "web", uid, text, 1);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(web_socket_transport, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(idle_pings_keep_a_responsive_peer) {
  server_limits limits;
  limits.ws_idle_timeout = 400ms;  // a ping after 200 ms of quiet
  echo_server s(limits);
  ws_client c(s.port, "/echo");
  BOOST_REQUIRE(c.open());
  std::this_thread::sleep_for(1500ms);
  BOOST_TEST(c.pings() >= 2);
  c.send("still here");
  BOOST_TEST(c.next().value_or("-") == "still here");
}

BOOST_AUTO_TEST_CASE(a_silent_peer_is_dropped) {
  server_limits limits;
  limits.ws_idle_timeout = 400ms;
  echo_server s(limits);
  net::io_context ioc;
  auto peer = silent_peer(ioc, s.port, "/echo");
  BOOST_TEST(s.server->active_connections() == 1u);
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST(eventually([&] { return s.server->active_connections() == 0; }, 3s));
  BOOST_TEST((std::chrono::steady_clock::now() - started >= 150ms));
}

BOOST_AUTO_TEST_CASE(shutdown_says_going_away) {
  echo_server s;
  ws_client c(s.port, "/echo");
  BOOST_REQUIRE(c.open());
  auto started = std::chrono::steady_clock::now();
  s.shutdown();
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
  BOOST_TEST(c.wait_closed() == 1001u);
  BOOST_TEST(s.server->active_connections() == 0u);
}

// Open pages can never starve the webhooks: a WebSocket leaves the HTTP budget.
BOOST_AUTO_TEST_CASE(websockets_have_a_budget_of_their_own) {
  server_limits limits;
  limits.max_connections = 2;
  limits.max_websockets = 3;
  echo_server s(limits);
  ws_client a(s.port, "/echo"), b(s.port, "/echo"), c(s.port, "/echo");
  BOOST_REQUIRE(a.open());
  BOOST_REQUIRE(b.open());
  BOOST_REQUIRE(c.open());
  BOOST_TEST(s.server->active_websockets() == 3u);
  BOOST_TEST(http_test_client("127.0.0.1", s.port).request("GET", "/healthz").status == 200u);
  // The WebSocket budget full: the next upgrade gets 503, plain HTTP still goes through.
  ws_client d(s.port, "/echo");
  BOOST_TEST(!d.open());
  BOOST_TEST(d.status() == 503u);
  BOOST_TEST(http_test_client("127.0.0.1", s.port).request("GET", "/healthz").status == 200u);
  a.abort();
  BOOST_REQUIRE(eventually([&] { return s.server->active_websockets() == 2; }));
  ws_client e(s.port, "/echo");
  BOOST_TEST(e.open());
}

// One address holds a bounded number of sockets (429 beyond), whatever the rest of the server
// has room for; the cap's 503 is kept for real overload.
BOOST_AUTO_TEST_CASE(one_address_holds_a_bounded_number_of_websockets) {
  server_limits limits;
  limits.max_websockets_per_address = 3;
  echo_server s(limits);
  std::vector<std::unique_ptr<ws_client>> pages;
  int refused = 0;
  for (int i = 0; i < 10; ++i) {
    auto c = std::make_unique<ws_client>(s.port, "/echo");
    if (c->open()) {
      pages.push_back(std::move(c));
    } else {
      BOOST_TEST(c->status() == 429u);
      ++refused;
    }
  }
  BOOST_TEST(pages.size() == 3u);
  BOOST_TEST(refused == 7);
  BOOST_TEST(http_test_client("127.0.0.1", s.port).request("GET", "/healthz").status == 200u);
  pages.front()->abort();
  BOOST_REQUIRE(eventually([&] { return s.server->active_websockets() == 2; }));
  BOOST_TEST(ws_client(s.port, "/echo").open());
}

BOOST_AUTO_TEST_CASE(upgrades_only_where_routed) {
  echo_server s;
  http_test_client http("127.0.0.1", s.port);
  auto plain = http.request("GET", "/echo");
  BOOST_TEST(plain.status == 426u);
  ws_client elsewhere(s.port, "/healthz");
  BOOST_TEST(!elsewhere.open());
  BOOST_TEST(elsewhere.status() == 200u);  // answered as plain HTTP
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(web_client, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(no_page_open_is_offline_at_once) {
  page_server s({});
  auto outcome = s.send(user('p'), 1);
  BOOST_REQUIRE((outcome.wait_for(5s) == std::future_status::ready));
  BOOST_TEST(static_cast<int>(outcome.get().status) == static_cast<int>(send_status::offline));
}

BOOST_AUTO_TEST_CASE(delivered_once_the_page_acknowledges) {
  page_server s({});
  ws_client page(s.port, "/ws?user=" + user('q'));
  BOOST_REQUIRE(page.open());
  BOOST_REQUIRE(eventually([&] { return s.pages.size() == 1; }));
  auto outcome = s.send(user('q'), 7);
  auto frame = page.next_of("reply");
  BOOST_REQUIRE(frame);
  BOOST_TEST((*frame)["id"] == 7);
  BOOST_TEST((*frame)["text"] == "message 7");
  // Written is not enough: it is delivered when the page says so.
  BOOST_TEST((outcome.wait_for(300ms) == std::future_status::timeout));
  page.send_json({{"ack", 7}});
  BOOST_REQUIRE((outcome.wait_for(5s) == std::future_status::ready));
  BOOST_TEST(static_cast<int>(outcome.get().status) == static_cast<int>(send_status::delivered));
}

BOOST_AUTO_TEST_CASE(no_receipt_in_time_is_offline_and_the_page_is_dropped) {
  web::session_limits limits;
  limits.receipt_timeout = 300ms;
  page_server s(limits);
  ws_client page(s.port, "/ws?user=" + user('r'));
  BOOST_REQUIRE(page.open());
  BOOST_REQUIRE(eventually([&] { return s.pages.size() == 1; }));
  auto outcome = s.send(user('r'), 8);
  BOOST_TEST(page.next_of("reply").has_value());  // shown, maybe, but never acknowledged
  BOOST_REQUIRE((outcome.wait_for(3s) == std::future_status::ready));
  BOOST_TEST(static_cast<int>(outcome.get().status) == static_cast<int>(send_status::offline));
  page.wait_closed(3s);
  BOOST_TEST(eventually([&] { return s.pages.size() == 0; }));
}

BOOST_AUTO_TEST_CASE(a_page_that_does_not_keep_up_is_dropped) {
  web::session_limits limits;
  limits.max_queued_frames = 1;
  page_server s(limits);
  ws_client page(s.port, "/ws?user=" + user('s'));
  BOOST_REQUIRE(page.open());
  BOOST_REQUIRE(eventually([&] { return s.pages.size() == 1; }));
  // Frames pushed faster than one write completes overflow a queue of one.
  auto open = s.pages.find(user('s'));
  BOOST_REQUIRE(open.size() == 1u);
  auto failed = std::make_shared<std::atomic<int>>(0);
  for (int i = 0; i < 200; ++i) {
    open[0]->push(std::string(1000, 'x'), [failed](bool ok) {
      if (!ok) ++*failed;
    });
  }
  BOOST_TEST(eventually([&] { return s.pages.size() == 0; }));
  BOOST_TEST(eventually([&] { return failed->load() > 0; }));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(web_chat, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(the_page_and_its_files_are_served) {
  temp_dir dir;
  running_bot bot(web_config(dir.file("bot.db")));
  http_test_client http("127.0.0.1", bot.port());
  auto page = http.request("GET", "/");
  BOOST_TEST(page.status == 200u);
  BOOST_TEST(page.body.find("Follow-Up Bot") != std::string::npos);
  bool csp = false, content_type = false;
  for (const auto& [k, v] : page.headers) {
    std::string name = k;
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "content-security-policy") csp = v.find("script-src 'self'") != std::string::npos;
    if (name == "content-type") content_type = v == "text/html; charset=utf-8";
  }
  BOOST_TEST(csp);
  BOOST_TEST(content_type);
  BOOST_TEST(http.request("GET", "/app.js").status == 200u);
  BOOST_TEST(http.request("GET", "/style.css").status == 200u);
  BOOST_TEST(http.request("GET", "/ws").status == 426u);
}

BOOST_AUTO_TEST_CASE(hi_gets_an_ack_and_a_reply_once) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  running_bot bot(web_config(db));
  ws_client c(bot.port(), "/ws?user=" + user('a'));
  BOOST_REQUIRE(c.open());
  c.send_json({{"id", "m1"}, {"text", "hi"}});
  auto ack = c.next_of("ack");
  BOOST_REQUIRE(ack);
  BOOST_TEST((*ack)["id"] == "m1");
  auto reply = c.next_of("reply");
  BOOST_REQUIRE(reply);
  BOOST_TEST(!(*reply)["text"].get<std::string>().empty());
  BOOST_TEST((*reply)["id"].is_number_integer());
  c.send_json({{"ack", (*reply)["id"]}});
  c.replies();  // any further parts of the answer
  // The page sends the same message again (as after a reconnect): acknowledged, not answered.
  c.send_json({{"id", "m1"}, {"text", "hi"}});
  BOOST_TEST(c.next_of("ack").has_value());
  BOOST_TEST(!c.next_of("reply", 700ms));
  BOOST_TEST(
      scalar(db, "SELECT count(*) FROM users WHERE platform = 'web' AND platform_user_id = '" +
                     user('a') + "'") == 1);
  BOOST_TEST(
      eventually([&] { return scalar(db, "SELECT count(*) FROM outbox WHERE state = 1") >= 1; }));
}

// Two hundred messages in a second: most refused, as designed, but the page that reads its
// socket keeps it (the refusals wait for room instead of overflowing the queue), and sees each
// reply once, after a reconnect too.
BOOST_AUTO_TEST_CASE(a_page_flooding_messages_keeps_its_socket_and_sees_each_reply_once) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  running_bot bot(web_config(db));
  auto target = "/ws?user=" + user('z');
  std::set<std::int64_t> replies;
  int acks = 0, refused = 0;
  {
    ws_client c(bot.port(), target);
    BOOST_REQUIRE(c.open());
    constexpr int sent = 200;
    for (int i = 0; i < sent; ++i) c.send_json({{"id", "f" + std::to_string(i)}, {"text", "hi"}});
    while (acks + refused < sent) {
      auto m = c.next(10s);
      BOOST_REQUIRE_MESSAGE(m, "the socket closed or went quiet after " << acks + refused);
      auto j = json::parse(*m);
      auto kind = j.value("kind", "");
      if (kind == "reply") {
        BOOST_TEST(replies.insert(j["id"].get<std::int64_t>()).second, "a reply came twice");
        c.send(json{{"ack", j["id"]}}.dump());
      }
      acks += kind == "ack";
      refused += kind == "error";
    }
    BOOST_TEST(acks >= 10);
    for (auto id : c.replies()) BOOST_TEST(replies.insert(id).second, "a reply came twice");
    BOOST_TEST(c.wait_closed(200ms) == 0u);  // still open
  }
  BOOST_TEST(replies.size() == static_cast<std::size_t>(acks));
  ws_client again(bot.port(), target);
  BOOST_REQUIRE(again.open());
  BOOST_TEST(again.replies(1500ms).empty());
}

BOOST_AUTO_TEST_CASE(a_page_sending_faster_than_a_person_types_is_told_to_wait) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  running_bot bot(web_config(db));
  ws_client c(bot.port(), "/ws?user=" + user('r'));
  BOOST_REQUIRE(c.open());
  // Twenty at once: the burst of ten is taken, and one more per second of handling (each
  // message waits for its commit, slow on a busy machine); the others get an error, not to be
  // retried as is (the page shows them as not sent). Replies are acknowledged as they come.
  constexpr int sent = 20;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < sent; ++i) c.send_json({{"id", "m" + std::to_string(i)}, {"text", "hi"}});
  int acks = 0, refused = 0;
  auto read_until = [&](int answered) {
    while (acks + refused < answered) {
      auto m = c.next(10s);
      BOOST_REQUIRE(m);
      auto j = json::parse(*m);
      auto kind = j.value("kind", "");
      if (kind == "reply") c.send(json{{"ack", j["id"]}}.dump());
      if (kind == "ack") ++acks;
      if (kind == "error") {
        ++refused;
        BOOST_TEST(j["retry"] == false);
        BOOST_TEST(!j["error"].get<std::string>().empty());
      }
    }
  };
  read_until(sent);
  auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST(acks >= 10);
  BOOST_TEST(acks <= 10 + static_cast<int>(took) + 1, acks << " taken in " << took << " s");
  BOOST_TEST(refused == sent - acks);
  BOOST_TEST(refused >= 1);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM processed_updates") == acks);
  // A moment later the page may send again.
  std::this_thread::sleep_for(1100ms);
  auto before = acks;
  c.send_json({{"id", "later"}, {"text", "hi"}});
  read_until(sent + 1);
  BOOST_TEST(acks == before + 1);
}

BOOST_AUTO_TEST_CASE(an_oversize_frame_is_closed_with_1009_and_the_server_is_fine) {
  temp_dir dir;
  running_bot bot(web_config(dir.file("bot.db")));
  ws_client big(bot.port(), "/ws?user=" + user('b'));
  BOOST_REQUIRE(big.open());
  big.send_json({{"text", std::string(5000, 'x')}});
  BOOST_TEST(big.wait_closed() == 1009u);

  ws_client again(bot.port(), "/ws?user=" + user('b'));
  BOOST_REQUIRE(again.open());
  again.send_json({{"text", "hello"}});
  BOOST_TEST(again.next_of("reply").has_value());
  BOOST_TEST(http_test_client("127.0.0.1", bot.port()).request("GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(malformed_frames_get_a_polite_error_and_no_crash) {
  temp_dir dir;
  running_bot bot(web_config(dir.file("bot.db")));
  ws_client c(bot.port(), "/ws?user=" + user('c'));
  BOOST_REQUIRE(c.open());
  for (const char* bad : {"{not json", "[]", R"({"text": 7})", R"({"text": "   "})",
                          R"({"id": "no spaces allowed", "text": "x"})"}) {
    c.send(bad);
    auto err = c.next_of("error");
    BOOST_REQUIRE_MESSAGE(err, bad);
    BOOST_TEST(!(*err)["error"].get<std::string>().empty());
    BOOST_TEST((*err)["retry"] == false);
  }
  // Still the same socket, still working.
  c.send_json({{"text", "hi"}});
  BOOST_TEST(c.next_of("reply").has_value());
  // Binary frames are not part of the protocol: closed with 1003.
  c.send("\x01\x02", true);
  BOOST_TEST(c.wait_closed() == 1003u);
  BOOST_TEST(http_test_client("127.0.0.1", bot.port()).request("GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(an_invalid_or_missing_user_id_is_400_and_a_foreign_origin_403) {
  temp_dir dir;
  running_bot bot(web_config(dir.file("bot.db")));
  std::vector<std::string> targets{"/ws", "/ws?user=", "/ws?user=short",
                                   "/ws?user=bad$chars-but-long-enough",
                                   "/ws?user=" + std::string(65, 'x'),
                                   // Long enough, but guessable: the id is the credential.
                                   "/ws?user=----------------", "/ws?user=aaaaaaaaaaaaaaaaaaaa",
                                   "/ws?user=Zx_9-Zx_9-Zx_9-Zx_9-Zx"};
  for (const auto& target : targets) {
    ws_client c(bot.port(), target);
    BOOST_TEST(!c.open(), target);
    BOOST_TEST(c.status() == 400u, target);
  }
  auto port = std::to_string(bot.port());
  ws_client foreign(bot.port(), "/ws?user=" + user('d'), {{"Origin", "http://evil.example"}});
  BOOST_TEST(!foreign.open());
  BOOST_TEST(foreign.status() == 403u);
  ws_client same(bot.port(), "/ws?user=" + user('d'), {{"Origin", "http://127.0.0.1:" + port}});
  BOOST_TEST(same.open());
}

BOOST_AUTO_TEST_CASE(a_reply_queued_while_the_page_is_closed_comes_on_reconnect_exactly_once) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  running_bot bot(web_config(db));
  auto target = "/ws?user=" + user('e');
  {
    ws_client tab(bot.port(), target);
    BOOST_REQUIRE(tab.open());
    tab.send_json({{"id", "m1"}, {"text", "should I call again?"}});
    tab.abort();  // the tab is gone before the answer
  }
  // Answered, tried, parked: pending in the store with no attempt counted.
  BOOST_REQUIRE(eventually([&] { return scalar(db, "SELECT count(*) FROM outbox") >= 1; }));
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 0 AND attempts = 0") >= 1);

  auto queued = scalar(db, "SELECT count(*) FROM outbox");
  std::vector<std::int64_t> ids;
  {
    ws_client back(bot.port(), target);
    BOOST_REQUIRE(back.open());
    ids = back.replies();
  }
  // Each once: as many distinct replies as were queued.
  BOOST_TEST(ids.size() == static_cast<std::size_t>(queued));
  BOOST_TEST(std::set<std::int64_t>(ids.begin(), ids.end()).size() == ids.size());
  ws_client later(bot.port(), target);
  BOOST_REQUIRE(later.open());
  BOOST_TEST(!later.next(700ms));
  BOOST_REQUIRE(
      eventually([&] { return scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 0; }));
  // One attempt each: the tries while the page was closed did not count.
  BOOST_TEST(scalar(db, "SELECT max(attempts) FROM outbox") == 1);
}

BOOST_AUTO_TEST_CASE(every_open_tab_of_the_user_receives_and_tabs_are_capped) {
  temp_dir dir;
  running_bot bot(web_config(dir.file("bot.db")));
  auto target = "/ws?user=" + user('f');
  ws_client a(bot.port(), target), b(bot.port(), target);
  BOOST_REQUIRE(a.open());
  BOOST_REQUIRE(b.open());
  BOOST_REQUIRE(pages_open(bot, 2));
  a.send_json({{"id", "m1"}, {"text", "hi"}});
  auto ra = a.next_of("reply");
  auto rb = b.next_of("reply");
  BOOST_REQUIRE(ra);
  BOOST_REQUIRE(rb);
  BOOST_TEST((*ra)["id"] == (*rb)["id"]);
  BOOST_TEST((*ra)["text"] == (*rb)["text"]);
  a.send_json({{"ack", (*ra)["id"]}});
  b.send_json({{"ack", (*rb)["id"]}});

  std::vector<std::unique_ptr<ws_client>> more;
  for (int i = 0; i < 6; ++i) {
    more.push_back(std::make_unique<ws_client>(bot.port(), target));
    BOOST_REQUIRE(more.back()->open());
  }
  ws_client ninth(bot.port(), target);
  BOOST_REQUIRE(ninth.open());
  BOOST_TEST(ninth.wait_closed() == 1008u);
}

BOOST_AUTO_TEST_CASE(the_web_chat_is_not_paced_like_a_platform_api) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  auto cfg = web_config(db);
  cfg.rate = send_rate{30, 1};  // the default: Telegram's and Slack's limits, one a second a chat
  running_bot bot(cfg);
  auto uid = user('h');
  for (int i = 0; i < 3; ++i) insert_nudge(db, uid, "waiting " + std::to_string(i));
  ws_client page(bot.port(), "/ws?user=" + uid);
  BOOST_REQUIRE(page.open());
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    auto n = page.next_of("nudge");
    BOOST_REQUIRE(n);
    BOOST_TEST((*n)["text"] == "waiting " + std::to_string(i));
    page.send_json({{"ack", (*n)["id"]}});
  }
  // Paced like an API, the third would come two seconds after the first.
  auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST((took < 1500ms), std::chrono::duration<double>(took).count() << " s");
}

BOOST_AUTO_TEST_CASE(a_nudge_reaches_open_pages_live_and_waits_for_a_closed_one) {
  temp_dir dir;
  auto db = dir.file("bot.db");
  running_bot bot(web_config(db));
  auto uid = user('g');
  auto target = "/ws?user=" + uid;
  {
    ws_client open_tab(bot.port(), target);
    BOOST_REQUIRE(open_tab.open());
    BOOST_REQUIRE(pages_open(bot, 1));  // else the nudge could reach it before the second tab
    // What the nudge scheduler will do; here a row written straight into the store, and the
    // dispatcher poked by a second tab connecting (chat_online looks in the store).
    insert_nudge(db, uid, "Today is the day Jane said to call.");
    ws_client second_tab(bot.port(), target);
    BOOST_REQUIRE(second_tab.open());
    for (auto* tab : {&open_tab, &second_tab}) {
      auto n = tab->next_of("nudge");
      BOOST_REQUIRE(n);
      BOOST_TEST((*n)["text"] == "Today is the day Jane said to call.");
      tab->send_json({{"ack", (*n)["id"]}});
    }
  }
  // No page open: the nudge stays in the outbox, untried, until the next visit.
  BOOST_REQUIRE(
      eventually([&] { return scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 0; }));
  BOOST_REQUIRE(pages_open(bot, 0));
  insert_nudge(db, uid, "A week without news: time to move on.");
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM outbox WHERE state = 0 AND attempts = 0") == 1);
  ws_client visit(bot.port(), target);
  BOOST_REQUIRE(visit.open());
  auto n = visit.next_of("nudge");
  BOOST_REQUIRE(n);
  BOOST_TEST((*n)["text"] == "A week without news: time to move on.");
  visit.send_json({{"ack", (*n)["id"]}});
  BOOST_REQUIRE(
      eventually([&] { return scalar(db, "SELECT count(*) FROM outbox WHERE state = 0") == 0; }));
}

// One address holding sockets open (made-up users, several tabs each, pinging back) cannot take
// the webhooks down, and the logs never show the ids that work as credentials.
BOOST_AUTO_TEST_CASE(a_socket_flood_from_one_address_leaves_webhooks_answered) {
  temp_dir dir;
  fake_api api;
  auto api_port = api.start();
  auto port = free_port();
  auto env = serve_env(port, dir.file("bot.db"), api_port);
  env.push_back("FOLLOWUP_WEB_SOCKETS_PER_ADDRESS=4");
  child_process bot(FOLLOWUP_BOT_BINARY, {"serve"}, env, dir.file("bot.log"));
  BOOST_REQUIRE(wait_healthy(port, 30000));
  std::vector<std::string> ids;
  std::vector<std::unique_ptr<ws_client>> pages;
  int refused = 0;
  for (char c = 'a'; c < 'a' + 20; ++c) {
    ids.push_back(user(c));
    auto page = std::make_unique<ws_client>(port, "/ws?user=" + ids.back());
    if (page->open()) {
      pages.push_back(std::move(page));
    } else {
      BOOST_TEST(page->status() == 429u);
      ++refused;
    }
  }
  BOOST_TEST(pages.size() == 4u);
  BOOST_TEST(refused == 16);
  http_test_client c("127.0.0.1", port);
  auto r = c.request("POST", "/telegram/webhook", telegram_update(5001, 42, "hello"),
                     {{"X-Telegram-Bot-Api-Secret-Token", "s3cret-token"}});
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(api.wait_for("sendMessage", 1, 10s));
  BOOST_TEST(c.request("GET", "/healthz").status == 200u);
  auto metrics = c.request("GET", "/metrics").body;
  BOOST_TEST(metrics.find("followup_websockets_refused_total 16") != std::string::npos);
  pages.clear();
  bot.kill(SIGTERM);
  BOOST_TEST(bot.wait(10000) == 0);
  std::ifstream in(dir.file("bot.log"));
  std::string log((std::istreambuf_iterator<char>(in)), {});
  BOOST_TEST(log.find("page connected") != std::string::npos);
  BOOST_TEST(log.find("\"user\":\"h:") != std::string::npos);
  for (const auto& id : ids) {
    BOOST_TEST(log.find(id) == std::string::npos, "the log shows the credential " << id);
  }
}

BOOST_AUTO_TEST_SUITE_END()
