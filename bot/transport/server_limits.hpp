#pragma once
#include <chrono>
#include <cstddef>

namespace followup {

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

}  // namespace followup
