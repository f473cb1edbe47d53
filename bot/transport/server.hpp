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
#include "bot/transport/server_limits.hpp"

namespace followup {
namespace net = boost::asio;

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
