#include "bot/transport/websocket_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "bot/log.hpp"

namespace followup::transport_detail {
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

void log_exception(std::exception_ptr e, const char* what, const std::string& remote) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error(what, {{"remote", remote}, {"error", ex.what()}});
  }
}

template <class Stream>
class beast_connection final : public ws_connection {
 public:
  beast_connection(Stream stream, std::string remote)
      : ws_(std::move(stream)), executor_(ws_.get_executor()), remote_(std::move(remote)) {}

  websocket::stream<Stream>& stream() { return ws_; }
  net::any_io_executor executor() const override { return executor_; }
  const std::string& remote() const override { return remote_; }

  net::awaitable<ws_message> read() override {
    beast::flat_buffer buffer;
    auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
    ws_message m;
    if (!ec) {
      m.text = beast::buffers_to_string(buffer.data());
      m.binary = !ws_.got_text();
      co_return m;
    }
    if (ec == websocket::error::closed) {
      m.status = ws_read_status::closed;
    } else if (ec == websocket::error::message_too_big) {
      m.status = ws_read_status::too_big;
    } else if (ec == beast::error::timeout) {
      m.status = ws_read_status::timeout;
    } else {
      m.status = ws_read_status::failed;
    }
    co_return m;
  }

  net::awaitable<boost::system::error_code> write(std::string text) override {
    ws_.text(true);
    auto [ec, n] = co_await ws_.async_write(net::buffer(text), use_tuple);
    co_return ec;
  }

  net::awaitable<void> close(ws_close_code code, std::string_view reason) override {
    // Beast allows one close operation; the second caller has nothing left to say.
    if (closing_ || !ws_.is_open()) co_return;
    closing_ = true;
    websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
    auto [ec] = co_await ws_.async_close(why, use_tuple);
    (void)ec;  // the peer left first: it is closed either way
  }

  void abort() override { beast::get_lowest_layer(ws_).close(); }

 private:
  websocket::stream<Stream> ws_;
  net::any_io_executor executor_;
  std::string remote_;
  bool closing_ = false;
};

template <class Stream>
net::awaitable<void> serve(Stream stream, beast_request req, ws_session session,
                           const server_limits& limits, connection& conn, std::string remote) {
  beast_connection<Stream> c(std::move(stream), remote);
  auto& ws = c.stream();
  bool accepted = false;
  bool shutting_down = false;
  bool going_away = false;
  // The going-away close runs at most once (going_away guards it): true while it is under way.
  bool closer_running = false;
  net::steady_timer closer_done(c.executor());
  auto say_going_away = [&] {
    if (going_away) return;
    going_away = true;
    closer_running = true;
    net::co_spawn(c.executor(), c.close(ws_close_code::going_away, "server shutting down"),
                  [&closer_running, &closer_done, remote](std::exception_ptr e) {
                    closer_running = false;
                    closer_done.cancel();
                    log_exception(e, "websocket close failed", remote);
                  });
  };
  conn.idle = true;
  conn.close = [&](bool force) {
    if (force) {
      c.abort();
      return;
    }
    // During the handshake the close frame cannot go out yet: it follows right after.
    shutting_down = true;
    if (accepted) say_going_away();
  };
  // `c` dies with this frame: nothing may reach it through `conn` afterwards.
  struct detach {
    connection& conn;
    ~detach() {
      conn.close = nullptr;
      conn.idle = false;
    }
  } guard{conn};

  // Beast's WebSocket timeouts replace the HTTP ones: a ping when the socket has been quiet for
  // half the idle time, and a peer that answers nothing by the end of it is dropped.
  beast::get_lowest_layer(ws).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.handshake_timeout = limits.handshake_timeout;
  timeouts.idle_timeout = limits.ws_idle_timeout;
  ws.set_option(timeouts);
  ws.read_message_max(limits.ws_message_bytes);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "followup-bot"); }));

  auto [ec] = co_await ws.async_accept(req, use_tuple);
  if (ec) {
    log::info("websocket handshake failed", {{"remote", remote}, {"error", ec.message()}});
    co_return;
  }
  accepted = true;
  if (shutting_down) say_going_away();
  try {
    auto run = session(c);
    co_await std::move(run);
  } catch (const std::exception& e) {
    log::error("websocket session failed", {{"remote", remote}, {"error", e.what()}});
  }
  // A going-away handshake under way refers to `c`: let it finish (Beast bounds it by the
  // handshake timeout, shutdown's deadline by aborting through `conn`). Aborting it here could
  // reset the socket before the peer has read our close frame.
  while (closer_running) {
    closer_done.expires_after(std::chrono::seconds(1));
    co_await closer_done.async_wait(use_tuple);
  }
  if (ws.is_open()) {
    // The session returned without closing: say goodbye, bounded by the handshake timeout.
    co_await c.close(ws_close_code::normal, "");
  }
}
}  // namespace

net::awaitable<void> serve_websocket(beast::tcp_stream stream, beast_request req,
                                     ws_session session, const server_limits& limits,
                                     connection& conn, std::string remote) {
  return serve(std::move(stream), std::move(req), std::move(session), limits, conn,
               std::move(remote));
}

net::awaitable<void> serve_websocket(beast::ssl_stream<beast::tcp_stream> stream, beast_request req,
                                     ws_session session, const server_limits& limits,
                                     connection& conn, std::string remote) {
  return serve(std::move(stream), std::move(req), std::move(session), limits, conn,
               std::move(remote));
}

}  // namespace followup::transport_detail
