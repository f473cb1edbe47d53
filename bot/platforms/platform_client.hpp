#pragma once
#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/store/store.hpp"

namespace followup {
namespace net = boost::asio;

enum class send_status {
  delivered,
  rate_limited,  // 429: try again after exactly `retry_after`
  transient,     // network error or 5xx: back off and retry
  permanent,     // any other 4xx: give up
  // Nobody to deliver to right now (a web chat with no open page). Not a failure: the row waits,
  // with no attempt counted, until the dispatcher hears the chat is online (chat_online()).
  offline,
};

struct send_outcome {
  send_status status = send_status::delivered;
  std::chrono::milliseconds retry_after{0};
  std::string error;
};

// Delivers one outbox row to a platform's API. Implementations: Telegram, Slack, web chat, and
// the fakes in tests. Called only from the dispatcher's strand.
class platform_client {
 public:
  virtual ~platform_client() = default;
  virtual net::awaitable<send_outcome> send(const outbox_row& row) = 0;
  // Whether the platform's API limits how fast messages may go (FOLLOWUP_SEND_RATE applies).
  virtual bool paced() const { return true; }
};

}  // namespace followup
