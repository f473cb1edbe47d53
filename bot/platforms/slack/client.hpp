#pragma once
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "bot/platforms/http_client.hpp"
#include "bot/platforms/platform_client.hpp"

namespace followup::slack {

// chat.postMessage against the Web API at `api` (https://slack.com/api, or a fake in tests),
// authenticated with the bot token as a bearer token.
class client final : public platform_client {
 public:
  client(net::any_io_executor ex, url_parts api, std::string bot_token);
  net::awaitable<send_outcome> send(const outbox_row& row) override;

 private:
  http_client http_;
};

// The JSON body of chat.postMessage for one outbox row (text escaped for mrkdwn).
std::string post_message_body(const outbox_row& row);

// Classifies a Web API answer (or a network error) for the outbox. Slack answers most errors
// with HTTP 200 and {"ok":false,"error":"..."}: a few of those codes are Slack's own trouble
// and worth retrying; the rest (channel_not_found, not_in_channel, invalid_auth, ...) will
// fail the same way every time. HTTP 429 waits exactly Retry-After.
send_outcome classify_response(const boost::system::result<client_response>& r);

}  // namespace followup::slack
