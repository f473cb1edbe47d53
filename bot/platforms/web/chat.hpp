#pragma once
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/clock.hpp"
#include "bot/inbox/inbox.hpp"
#include "bot/metrics.hpp"
#include "bot/platforms/web/hub.hpp"
#include "bot/platforms/web/session.hpp"
#include "bot/transport/websocket.hpp"

namespace followup::web {

// The web chat adapter: GET /ws?user=ID upgrades to a socket whose messages go to the inbox as
// the user web:ID. Replies come back through the outbox (web::client), never from here.
class chat {
 public:
  // Told when a user's page connects, so that what waits for them goes out now.
  using online_fn = std::function<void(const std::string& user_id)>;

  chat(inbox& in, const clock& clk, metrics& stats, online_fn on_online,
       session_limits limits = {});

  const hub& pages() const { return pages_; }
  // The upgrade handler for GET /ws: 400 without a valid user id, 403 from a foreign origin.
  upgrade_decision upgrade(const http_request& req);

 private:
  net::awaitable<void> serve(ws_connection& ws, std::string user);
  net::awaitable<void> on_message(session& page, std::string text);

  inbox& in_;
  const clock& clock_;
  metrics& stats_;
  online_fn on_online_;
  session_limits limits_;
  hub pages_;
};

}  // namespace followup::web
