#include "bot/transport/server.hpp"

#include <atomic>
#include <list>
#include <mutex>
#include <random>
#include <unordered_map>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "bot/log.hpp"
#include "bot/transport/request_reading.hpp"
#include "bot/transport/websocket_server.hpp"

namespace followup {
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

namespace {
using transport_detail::connection;

// A connection's place in the HTTP budget; released early when it becomes a WebSocket.
struct http_slot {
  std::atomic<std::size_t>* count;
  void release() {
    if (count) count->fetch_sub(1);
    count = nullptr;
  }
  ~http_slot() { release(); }
};

http::response<http::string_body> to_beast(http_response&& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "followup-bot");
  res.set(http::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) res.set(k, v);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

net::awaitable<void> close_write(beast::tcp_stream& s) {
  beast::error_code ec;
  s.socket().shutdown(tcp::socket::shutdown_send, ec);
  co_return;
}
net::awaitable<void> close_write(beast::ssl_stream<beast::tcp_stream>& s) {
  beast::get_lowest_layer(s).expires_after(std::chrono::seconds(2));
  co_await s.async_shutdown(use_tuple);
}

// After refusing a request whose body is still arriving, read and drop a bounded amount of it
// so the client sees our response instead of a connection reset.
template <class Stream>
net::awaitable<void> linger(Stream& stream) {
  co_await close_write(stream);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
  std::array<char, 16 * 1024> sink;
  std::size_t total = 0;
  while (total < 8 * 1024 * 1024) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), use_tuple);
    if (ec) break;
    total += n;
  }
}
}  // namespace

struct http_server::impl : std::enable_shared_from_this<impl> {
  impl(net::io_context& ioc, const router& routes, metrics& m, server_limits limits)
      : ioc(ioc), routes(routes), stats(m), limits(limits), acceptor(ioc) {}

  net::io_context& ioc;
  const router& routes;
  metrics& stats;
  server_limits limits;
  tcp::acceptor acceptor;
  std::unique_ptr<ssl::context> tls;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active{0};  // connections in the HTTP budget
  std::atomic<std::size_t> all{0};     // every connection, WebSockets included
  std::mutex websockets_mutex;
  std::size_t websockets = 0;
  std::unordered_map<std::string, std::size_t> websockets_by_address;
  std::mutex connections_mutex;
  std::list<std::shared_ptr<connection>> connections;

  net::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), use_tuple);
      if (ec) {
        if (stopping || ec == net::error::operation_aborted) break;
        log::warn("accept failed", {{"error", ec.message()}});
        // Out of descriptors: back off instead of spinning.
        net::steady_timer t(acceptor.get_executor(), std::chrono::milliseconds(50));
        co_await t.async_wait(use_tuple);
        continue;
      }
      if (active.load() >= limits.max_connections) {
        stats.connections_refused.fetch_add(1, std::memory_order_relaxed);
        auto ex = socket.get_executor();
        net::co_spawn(ex, refuse(std::move(socket)), [](std::exception_ptr) {});
        continue;
      }
      active.fetch_add(1);
      all.fetch_add(1);
      // Each response is one write; Nagle would only hold it back behind an unacknowledged one.
      beast::error_code nodelay_ec;
      socket.set_option(tcp::no_delay(true), nodelay_ec);
      auto ex = socket.get_executor();
      net::co_spawn(ex, handle_connection(self, std::move(socket)), [self](std::exception_ptr e) {
        self->all.fetch_sub(1);
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            log::error("connection failed", {{"error", ex.what()}});
          }
        }
      });
    }
  }

  static net::awaitable<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(1));
    auto res = to_beast(http_response::text(503, "server busy\n"), 11, false);
    co_await http::async_write(stream, res, use_tuple);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  net::awaitable<void> handle_connection(std::shared_ptr<impl> self, tcp::socket socket) {
    // The HTTP budget's place, taken in the accept loop: given back when the connection ends or
    // becomes a WebSocket.
    http_slot budget{&active};
    auto conn = std::make_shared<connection>();
    conn->executor = socket.get_executor();
    std::string remote;
    {
      beast::error_code ec;
      auto ep = socket.remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    std::list<std::shared_ptr<connection>>::iterator slot;
    {
      std::lock_guard lock(connections_mutex);
      slot = connections.insert(connections.end(), conn);
    }
    struct unregister {
      impl* self;
      std::list<std::shared_ptr<connection>>::iterator slot;
      ~unregister() {
        std::lock_guard lock(self->connections_mutex);
        (*slot)->close = nullptr;
        self->connections.erase(slot);
      }
    } guard{this, slot};

    if (tls) {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
      conn->close = [&stream](bool) { beast::get_lowest_layer(stream).close(); };
      beast::get_lowest_layer(stream).expires_after(limits.handshake_timeout);
      auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
      if (ec) co_return;
      co_await serve(stream, *conn, remote, budget);
    } else {
      beast::tcp_stream stream(std::move(socket));
      conn->close = [&stream](bool) { stream.close(); };
      co_await serve(stream, *conn, remote, budget);
    }
  }

  // The address of "host:port" (IPv6 hosts have colons of their own).
  static std::string address_of(const std::string& remote) {
    auto colon = remote.rfind(':');
    return colon == std::string::npos ? remote : remote.substr(0, colon);
  }

  // A WebSocket's place in its budget, given back when the socket ends.
  struct websocket_slot {
    impl* self = nullptr;
    std::string address;
    ~websocket_slot() {
      if (!self) return;
      std::lock_guard lock(self->websockets_mutex);
      --self->websockets;
      if (--self->websockets_by_address[address] == 0) self->websockets_by_address.erase(address);
    }
  };

  // A place for a WebSocket from `address`, or the status that refuses it: 429 for one address
  // holding too many, 503 when the server holds as many as it takes.
  std::variant<std::unique_ptr<websocket_slot>, int> reserve_websocket(const std::string& address) {
    std::lock_guard lock(websockets_mutex);
    if (websockets >= limits.max_websockets) return 503;
    auto& mine = websockets_by_address[address];
    if (mine >= limits.max_websockets_per_address) {
      if (mine == 0) websockets_by_address.erase(address);
      return 429;
    }
    ++mine;
    ++websockets;
    auto slot = std::make_unique<websocket_slot>();
    slot->self = this;
    slot->address = address;
    return slot;
  }

  template <class Stream>
  net::awaitable<void> serve(Stream& stream, connection& conn, const std::string& remote,
                             http_slot& budget) {
    // The headers may fill the whole header limit, plus what a pipelining client sent after.
    beast::flat_buffer buffer(limits.header_bytes + 8192);
    for (;;) {
      transport_detail::request_parser parser;
      transport_detail::apply_limits(parser, limits);
      if (stopping) break;
      conn.idle = true;
      beast::get_lowest_layer(stream).expires_after(limits.header_timeout);
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
      conn.idle = false;
      if (!ec && !parser.is_done() && transport_detail::expects_continue(parser.get())) {
        // The client waits for a go-ahead before the body (curl does, for bodies over 1 KiB):
        // the headers passed the limits, so give it at once.
        http::response<http::empty_body> go_ahead{http::status::continue_, 11};
        beast::get_lowest_layer(stream).expires_after(limits.write_timeout);
        std::tie(ec, n) = co_await http::async_write(stream, go_ahead, use_tuple);
      }
      if (!ec && !parser.is_done()) {
        beast::get_lowest_layer(stream).expires_after(limits.body_timeout);
        std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_tuple);
      }
      auto refusal =
          ec == net::ssl::error::stream_truncated ? 0u : transport_detail::refusal_status(ec);
      if (refusal == 413 || refusal == 431) {
        bool body = refusal == 413;
        auto res =
            to_beast(http_response::text(body ? 413 : 431, body ? "request body too large\n"
                                                                : "request headers too large\n"),
                     11, false);
        beast::get_lowest_layer(stream).expires_after(limits.write_timeout);
        co_await http::async_write(stream, res, use_tuple);
        log::info("request refused", {{"remote", remote}, {"status", body ? 413 : 431}});
        co_await linger(stream);
        co_return;
      }
      if (ec) {
        if (refusal == 400) {
          // Malformed HTTP: say so once, then close.
          auto res = to_beast(http_response::text(400, "bad request\n"), 11, false);
          beast::get_lowest_layer(stream).expires_after(limits.write_timeout);
          co_await http::async_write(stream, res, use_tuple);
        }
        break;
      }

      auto started = std::chrono::steady_clock::now();
      auto req = parser.release();
      http_request value = transport_detail::to_value(req, remote);
      bool head = req.method() == http::verb::head;
      auto request_id = value.request_id;

      http_response out;
      bool upgrade_refused = false;
      const upgrade_handler* upgrade = nullptr;
      if (beast::websocket::is_upgrade(req)) upgrade = routes.find_upgrade(value.path);
      if (upgrade) {
        upgrade_decision decision;
        try {
          decision = (*upgrade)(value);
        } catch (const std::exception& e) {
          log::error("upgrade handler threw", {{"request_id", request_id}, {"error", e.what()}});
          decision = upgrade_decision::refuse(http_response::text(500, "internal error\n"));
        }
        std::unique_ptr<websocket_slot> slot;
        if (decision.session && !stopping) {
          auto reserved = reserve_websocket(address_of(remote));
          if (auto* refused = std::get_if<int>(&reserved)) {
            stats.websockets_refused.fetch_add(1, std::memory_order_relaxed);
            log::warn("websocket refused",
                      {{"remote", remote},
                       {"status", *refused},
                       {"reason",
                        *refused == 429 ? "too many from this address" : "too many websockets"}});
            decision = upgrade_decision::refuse(
                http_response::text(*refused, *refused == 429 ? "too many connections from "
                                                                "this address\n"
                                                              : "server busy\n"));
          } else {
            slot = std::move(std::get<0>(reserved));
          }
        }
        if (decision.session && slot && !stopping) {
          // From here the connection counts as a WebSocket, not against the HTTP budget.
          budget.release();
          stats.http_requests.fetch_add(1, std::memory_order_relaxed);
          // The stream moves to the WebSocket; the HTTP close hook must not reach it any more.
          conn.close = nullptr;
          // Built outside the co_await: g++ 12 mishandles temporaries inside co_await.
          auto websocket = transport_detail::serve_websocket(
              std::move(stream), std::move(req), std::move(decision.session), limits, conn, remote);
          co_await std::move(websocket);
          co_return;
        }
        out = decision.refusal ? std::move(*decision.refusal)
                               : http_response::text(503, "shutting down\n");
        upgrade_refused = true;
      } else {
        try {
          out = co_await routes.dispatch(std::move(value));
        } catch (const std::exception& e) {
          log::error("handler threw", {{"request_id", request_id}, {"error", e.what()}});
          out = http_response::text(500, "internal error\n");
        }
      }
      out.headers.emplace_back("X-Request-Id", request_id);
      // A refused upgrade may be followed by WebSocket bytes we will not parse: close after it.
      bool keep_alive = req.keep_alive() && !stopping && !upgrade_refused;
      auto res = to_beast(std::move(out), req.version(), keep_alive);
      beast::get_lowest_layer(stream).expires_after(limits.write_timeout);
      std::tuple<beast::error_code, std::size_t> written;
      if (head) {
        http::response_serializer<http::string_body> sr(res);
        sr.split(true);
        written = co_await http::async_write_header(stream, sr, use_tuple);
      } else {
        written = co_await http::async_write(stream, res, use_tuple);
      }
      stats.http_requests.fetch_add(1, std::memory_order_relaxed);
      stats.observe_latency(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (std::get<0>(written) || !keep_alive) break;
    }
    co_await close_write(stream);
  }
};

http_server::http_server(net::io_context& ioc, const router& routes, metrics& m,
                         server_limits limits)
    : impl_(std::make_shared<impl>(ioc, routes, m, limits)) {}

http_server::~http_server() = default;

void http_server::enable_tls(const std::string& cert_file, const std::string& key_file) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  try {
    ctx->use_certificate_chain_file(cert_file);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot use TLS certificate " + cert_file + ": " + e.what());
  }
  try {
    ctx->use_private_key_file(key_file, ssl::context::pem);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot use TLS key " + key_file + ": " + e.what());
  }
  impl_->tls = std::move(ctx);
}

net::ip::tcp::endpoint http_server::listen(const std::string& host, std::uint16_t port) {
  tcp::endpoint ep(net::ip::make_address(host), port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol());
  a.set_option(net::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(net::socket_base::max_listen_connections);
  return a.local_endpoint();
}

void http_server::start() {
  auto self = impl_;
  net::co_spawn(impl_->acceptor.get_executor(), self->accept_loop(), [self](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::error("accept loop failed", {{"error", ex.what()}});
      }
    }
  });
}

net::awaitable<void> http_server::shutdown(std::chrono::milliseconds grace) {
  auto self = impl_;
  self->stopping = true;
  beast::error_code ec;
  self->acceptor.close(ec);
  auto deadline = std::chrono::steady_clock::now() + grace;
  net::steady_timer timer(co_await net::this_coro::executor);
  bool forced = false;
  while (self->all.load() > 0) {
    {
      // Idle keep-alive connections are closed now; busy ones finish their request first.
      std::lock_guard lock(self->connections_mutex);
      for (auto& c : self->connections) {
        bool force = std::chrono::steady_clock::now() >= deadline;
        net::post(c->executor, [c, force] {
          if ((c->idle || force) && c->close) c->close(force);
        });
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      if (forced) break;
      forced = true;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(use_tuple);
  }
}

std::size_t http_server::active_connections() const {
  return impl_->all.load();
}

std::size_t http_server::active_websockets() const {
  std::lock_guard lock(impl_->websockets_mutex);
  return impl_->websockets;
}

}  // namespace followup
