#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "bot/metrics.hpp"
#include "bot/transport/router.hpp"

namespace followup {
namespace net = boost::asio;

struct server_limits {
  std::size_t header_bytes = 16 * 1024;
  std::size_t body_bytes = 1024 * 1024;
  // Waiting for a request's headers, including keep-alive idle time: a slow or silent client
  // holds a connection at most this long.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{5'000};
  // HTTP connections (webhooks, pages, metrics): beyond this, 503. A connection that becomes a
  // WebSocket leaves this budget for the one below, so open chat pages can never starve the
  // platforms' webhooks.
  std::size_t max_connections = 2048;
  // WebSockets: in all, and from one address (a browser opens a few tabs, not hundreds). Beyond
  // the first, 503; beyond the second, 429.
  std::size_t max_websockets = 2048;
  std::size_t max_websockets_per_address = 16;
  // WebSocket: the largest message accepted (bigger: closed with 1009), and how long a socket may
  // stay silent: a ping goes out after half of it, and a peer that answers nothing by the end is
  // dropped. A minute also keeps proxies with idle cut-offs from closing a quiet chat.
  std::size_t ws_message_bytes = 4 * 1024;
  std::chrono::milliseconds ws_idle_timeout{60'000};
};

// HTTP/1.1 server: one coroutine and one strand per connection, keep-alive, optional TLS, and
// WebSocket upgrades for the paths the router has upgrade handlers for.
class http_server {
 public:
  http_server(net::io_context& ioc, const router& routes, metrics& m, server_limits limits = {});
  ~http_server();

  // TLS 1.2+ with the given PEM files; throws with a clear message when they cannot be used.
  void enable_tls(const std::string& cert_file, const std::string& key_file);
  // Binds and listens; port 0 picks a free port. Throws boost::system::system_error.
  net::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);
  void start();
  // Stops accepting, closes idle connections, sends WebSockets a close frame (going away), waits
  // for in-flight requests (at most `grace`).
  net::awaitable<void> shutdown(std::chrono::milliseconds grace);
  std::size_t active_connections() const;  // HTTP and WebSocket
  std::size_t active_websockets() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace followup
