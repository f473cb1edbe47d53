#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include "bot/transport/http_types.hpp"

namespace followup {
namespace net = boost::asio;

// RFC 6455 close codes the bot sends.
enum class ws_close_code : std::uint16_t {
  normal = 1000,
  going_away = 1001,    // server shutting down
  unknown_data = 1003,  // a binary message where text was expected
  policy = 1008,
  too_big = 1009,
  internal_error = 1011,
};

enum class ws_read_status {
  message,  // `text` holds a complete message
  closed,   // the peer closed (or we did)
  too_big,  // over the size limit: the connection was closed with 1009
  timeout,  // nothing from the peer, not even a pong: dropped
  failed,   // anything else (reset, protocol error, invalid UTF-8)
};

struct ws_message {
  ws_read_status status = ws_read_status::message;
  std::string text;
  bool binary = false;
};

// An accepted WebSocket, over plain TCP or TLS (so virtual: the stream type varies at run time),
// with no Beast types in sight. Calls are made on executor(), the connection's strand; one read
// and one write may be outstanding at once, and close() alongside them.
class ws_connection {
 public:
  virtual ~ws_connection() = default;
  virtual net::any_io_executor executor() const = 0;
  virtual const std::string& remote() const = 0;
  // The next complete message.
  virtual net::awaitable<ws_message> read() = 0;
  // Sends one text message.
  virtual net::awaitable<boost::system::error_code> write(std::string text) = 0;
  // Sends a close frame and waits (bounded) for the peer's; later calls do nothing. `reason`
  // (at most 123 bytes) must outlive the call: a literal, normally.
  virtual net::awaitable<void> close(ws_close_code code, std::string_view reason) = 0;
  // Closes the socket at once: a peer that does not read, or the shutdown deadline.
  virtual void abort() = 0;
};

// Runs for as long as the socket is used; returning ends the connection.
using ws_session = std::function<net::awaitable<void>(ws_connection&)>;

// What an upgrade handler makes of a WebSocket handshake request: refuse it with an ordinary
// HTTP response (bad parameters, foreign origin), or accept it and run `session` on the socket.
struct upgrade_decision {
  std::optional<http_response> refusal;
  ws_session session;

  static upgrade_decision refuse(http_response r) { return {std::move(r), {}}; }
  static upgrade_decision accept(ws_session s) { return {std::nullopt, std::move(s)}; }
};

// Decides synchronously (no I/O): the server answers or upgrades right after.
using upgrade_handler = std::function<upgrade_decision(const http_request&)>;

}  // namespace followup
