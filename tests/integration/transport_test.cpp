#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include <boost/asio.hpp>

#include "bot/transport/server.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_test_client.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;
namespace net = boost::asio;

namespace {
// An http_server with a small route table and tight limits, on its own threads.
struct small_server {
  explicit small_server(server_limits limits) {
    routes.add("GET", "/hello", [](http_request r) -> net::awaitable<http_response> {
      co_return http_response::text(200, "hello " + std::string(r.header("x-name")));
    });
    routes.add("POST", "/echo", [](http_request r) -> net::awaitable<http_response> {
      co_return http_response::text(200, r.body);
    });
    routes.add("GET", "/slow", [this](http_request) -> net::awaitable<http_response> {
      slow_entered = true;
      net::steady_timer t(co_await net::this_coro::executor, 400ms);
      co_await t.async_wait(net::use_awaitable);
      co_return http_response::text(200, "done");
    });
    routes.add("GET", "/throw", [](http_request) -> net::awaitable<http_response> {
      throw std::logic_error("bug");
      co_return http_response::text(200, "");
    });
    server = std::make_unique<http_server>(ioc, routes, stats, limits);
    port = server->listen("127.0.0.1", 0).port();
    server->start();
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { ioc.run(); });
  }
  ~small_server() {
    if (!stopped) shutdown();
    ioc.stop();
    for (auto& t : threads) t.join();
  }
  void shutdown() {
    stopped = true;
    auto f = net::co_spawn(ioc, server->shutdown(2s), net::use_future);
    f.get();
  }
  net::io_context ioc{2};
  metrics stats;
  std::atomic<bool> slow_entered{false};
  router routes;
  std::unique_ptr<http_server> server;
  std::uint16_t port = 0;
  std::vector<std::thread> threads;
  bool stopped = false;
};

server_limits tight() {
  server_limits l;
  l.header_bytes = 1024;
  l.body_bytes = 1024;
  l.header_timeout = 300ms;
  l.body_timeout = 300ms;
  l.max_connections = 3;
  return l;
}

// Reads until the peer closes; returns what arrived and whether it closed within `ms`.
std::pair<std::string, bool> read_until_closed(net::ip::tcp::socket& s, int ms) {
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string got;
  char buf[4096];
  for (;;) {
    boost::system::error_code ec;
    auto n = s.read_some(net::buffer(buf), ec);
    got.append(buf, n);
    if (ec == net::error::eof || ec == net::error::connection_reset) return {got, true};
    if (ec) return {got, false};
  }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(transport, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(routes_404_405_and_keep_alive) {
  small_server s(tight());
  http_test_client c("127.0.0.1", s.port);
  auto r = c.request("GET", "/hello", "", {{"X-Name", "Ann"}});
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.body == "hello Ann");
  BOOST_TEST(!r.closed);
  BOOST_TEST(c.request("GET", "/nope").status == 404u);
  auto m = c.request("DELETE", "/hello");
  BOOST_TEST(m.status == 405u);
  bool allow = false;
  for (auto& [k, v] : m.headers) allow |= (k == "Allow" && v == "GET");
  BOOST_TEST(allow);
  BOOST_TEST(c.request("POST", "/echo", "abc").body == "abc");  // same connection throughout
  // Counted just after the response is written, so allow the server a moment.
  BOOST_TEST(eventually([&] { return s.stats.http_requests.load() >= 4u; }));
  BOOST_TEST(s.stats.http_requests.load() == 4u);
}

BOOST_AUTO_TEST_CASE(oversized_headers_and_bodies_are_refused_clearly) {
  small_server s(tight());
  http_test_client c1("127.0.0.1", s.port);
  BOOST_TEST(c1.request("POST", "/echo", std::string(5000, 'x')).status == 413u);
  http_test_client c2("127.0.0.1", s.port);
  BOOST_TEST(c2.request("GET", "/hello", "", {{"X-Big", std::string(3000, 'y')}}).status == 431u);
  http_test_client c3("127.0.0.1", s.port);
  BOOST_TEST(c3.request("GET", "/hello").status == 200u);
}

// The README's promise with the default limits: 16 KiB of headers pass, more get 431 (not a
// 400 from the read buffer filling first).
BOOST_AUTO_TEST_CASE(the_default_header_limit_is_16_kib_on_both_sides) {
  small_server s(server_limits{});
  http_test_client under("127.0.0.1", s.port);
  auto ok = under.request("GET", "/hello", "",
                          {{"X-Name", "Ann"}, {"X-Big", std::string(15 * 1024, 'y')}});
  BOOST_TEST(ok.status == 200u);
  BOOST_TEST(ok.body == "hello Ann");
  http_test_client over("127.0.0.1", s.port);
  BOOST_TEST(over.request("GET", "/hello", "", {{"X-Big", std::string(17 * 1024, 'y')}}).status ==
             431u);
}

// A client that waits for "100 Continue" before the body gets it at once, not a 10 s stall.
BOOST_AUTO_TEST_CASE(expect_100_continue_is_answered) {
  small_server s(server_limits{});
  net::io_context ioc;
  net::ip::tcp::socket sock(ioc);
  sock.connect({net::ip::make_address("127.0.0.1"), s.port});
  std::string head =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
  net::write(sock, net::buffer(head));
  timeval tv{2, 0};
  setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  auto started = std::chrono::steady_clock::now();
  char buf[256];
  boost::system::error_code ec;
  auto n = sock.read_some(net::buffer(buf), ec);
  BOOST_REQUIRE(!ec);
  BOOST_TEST(std::string(buf, n).starts_with("HTTP/1.1 100 Continue"));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 1s));
  net::write(sock, net::buffer(std::string("hello")));
  std::string rest;
  while (
      rest.find("hello", rest.find("\r\n\r\n") == std::string::npos ? 0 : rest.find("\r\n\r\n")) ==
      std::string::npos) {
    n = sock.read_some(net::buffer(buf), ec);
    if (ec) break;
    rest.append(buf, n);
  }
  BOOST_TEST(rest.starts_with("HTTP/1.1 200"));
  // A body over the limit is refused before the client sends it.
  net::ip::tcp::socket big(ioc);
  big.connect({net::ip::make_address("127.0.0.1"), s.port});
  net::write(big, net::buffer(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                          "99999999\r\nExpect: 100-continue\r\n\r\n")));
  auto [got, closed] = read_until_closed(big, 2000);
  BOOST_TEST(got.starts_with("HTTP/1.1 413"));
}

BOOST_AUTO_TEST_CASE(malformed_http_is_400_and_handler_bugs_are_500) {
  small_server s(tight());
  http_test_client c1("127.0.0.1", s.port);
  BOOST_TEST(c1.raw("GARBAGE\x01\x02 / HTTP/9.9\r\n\r\n").status == 400u);
  http_test_client c2("127.0.0.1", s.port);
  BOOST_TEST(c2.request("GET", "/throw").status == 500u);
  BOOST_TEST(c2.request("GET", "/hello").status == 200u);
}

BOOST_AUTO_TEST_CASE(a_slow_client_is_cut_off) {
  small_server s(tight());
  net::io_context ioc;
  net::ip::tcp::socket sock(ioc);
  sock.connect({net::ip::make_address("127.0.0.1"), s.port});
  net::write(sock, net::buffer(std::string("GET /hello HTTP/1.1\r\nHost: x\r\n")));
  auto started = std::chrono::steady_clock::now();
  auto [got, closed] = read_until_closed(sock, 3000);
  BOOST_TEST(closed);
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
}

BOOST_AUTO_TEST_CASE(connections_over_the_cap_get_503) {
  small_server s(tight());
  std::vector<std::unique_ptr<http_test_client>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<http_test_client>("127.0.0.1", s.port));
    BOOST_TEST(held.back()->request("GET", "/hello").status == 200u);
  }
  http_test_client extra("127.0.0.1", s.port);
  BOOST_TEST(extra.request("GET", "/hello").status == 503u);
  BOOST_TEST(s.stats.connections_refused.load() == 1u);
}

BOOST_AUTO_TEST_CASE(shutdown_finishes_in_flight_requests) {
  small_server s(tight());
  test_response slow;
  std::thread t([&] {
    http_test_client c("127.0.0.1", s.port);
    slow = c.request("GET", "/slow");
  });
  BOOST_REQUIRE(eventually([&] { return s.slow_entered.load(); }));
  s.shutdown();
  t.join();
  BOOST_TEST(slow.status == 200u);
  BOOST_TEST(slow.body == "done");
  BOOST_TEST(s.server->active_connections() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
