// Internal to bot/transport (server.cpp, websocket_server.cpp): Beast types stay in here.
#pragma once
#include <functional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "bot/transport/server.hpp"
#include "bot/transport/websocket.hpp"

namespace followup::transport_detail {

// Per-connection bookkeeping shared with http_server::shutdown(); touched only on the
// connection's strand.
struct connection {
  net::any_io_executor executor;
  // Closing it now loses nothing: waiting for a request, or a WebSocket (which gets a close
  // frame first).
  bool idle = false;
  // force = false: the polite way (a WebSocket says "going away"); true: the socket, now.
  std::function<void(bool force)> close;
};

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;

// Completes the WebSocket handshake for `req` on `stream` and runs `session` on it; returns when
// the connection is over. The stream is taken over (the HTTP session ends with it).
net::awaitable<void> serve_websocket(boost::beast::tcp_stream stream, beast_request req,
                                     ws_session session, const server_limits& limits,
                                     connection& conn, std::string remote);
net::awaitable<void> serve_websocket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                                     beast_request req, ws_session session,
                                     const server_limits& limits, connection& conn,
                                     std::string remote);

}  // namespace followup::transport_detail
