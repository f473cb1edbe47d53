#pragma once
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/inbox/inbox.hpp"
#include "bot/metrics.hpp"
#include "bot/transport/http_types.hpp"

namespace followup::telegram {
namespace net = boost::asio;

// POST /telegram/webhook: secret check, parse, hand to the inbox, answer once durable.
net::awaitable<http_response> handle_webhook(const std::string& secret, inbox& in, metrics& stats,
                                             http_request req);

}  // namespace followup::telegram
