#pragma once
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "bot/platforms/http_client.hpp"
#include "bot/platforms/platform_client.hpp"

namespace followup::telegram {

// sendMessage and setWebhook against the Bot API at `api` (https, or http when the URL says so).
class client final : public platform_client {
 public:
  client(net::any_io_executor ex, url_parts api, std::string token);
  net::awaitable<send_outcome> send(const outbox_row& row) override;

  // setWebhook with the secret token; uploads `certificate_pem` when given (self-signed).
  net::awaitable<send_outcome> set_webhook(std::string url, std::string secret,
                                           std::optional<std::string> certificate_pem);

 private:
  net::awaitable<send_outcome> call(std::string method, std::string body, std::string content_type);
  std::string token_;
  http_client http_;
};

// Classifies a Bot API answer (or a network error) for the outbox.
send_outcome classify_response(const boost::system::result<client_response>& r);

}  // namespace followup::telegram
