#pragma once
#include "bot/platforms/platform_client.hpp"
#include "bot/platforms/web/hub.hpp"

namespace followup::web {

// The outbox's way to the web chat: writes the row to every open page of the user and counts it
// delivered once a page acknowledges it. No page open, or none acknowledging (closed while the
// frame was on its way): send_status::offline, and the row waits in the outbox for the next
// visit (chat_online). Pages drop a message id they have already shown, so a copy sent again
// after such a race is shown once.
class client final : public platform_client {
 public:
  explicit client(const hub& pages) : pages_(pages) {}
  net::awaitable<send_outcome> send(const outbox_row& row) override;
  // Our own socket: no API limit to respect, and a page shows a catch-up at once.
  bool paced() const override { return false; }

 private:
  const hub& pages_;
};

}  // namespace followup::web
