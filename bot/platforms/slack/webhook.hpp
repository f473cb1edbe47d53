#pragma once
#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/clock.hpp"
#include "bot/inbox/inbox.hpp"
#include "bot/metrics.hpp"
#include "bot/platforms/slack/timely_accept.hpp"
#include "bot/transport/http_types.hpp"

namespace followup::slack {
namespace net = boost::asio;

struct webhook_context {
  std::string signing_secret;
  inbox& in;
  metrics& stats;
  const clock& clk;            // for the signature's timestamp window
  const knowledge_ref& brain;  // the sentences a slash command may answer with
  std::chrono::milliseconds ack_deadline = default_ack_deadline;
};

// POST /slack/events: everything Slack sends to the app's one Request URL. Every request must
// carry a valid signature (else 401). JSON bodies are Events API callbacks (url_verification
// is answered with its challenge; direct messages and mentions go to the inbox); form-encoded
// bodies are slash commands, answered with the engine's reply as an ephemeral message.
net::awaitable<http_response> handle_request(const webhook_context& ctx, http_request req);

}  // namespace followup::slack
