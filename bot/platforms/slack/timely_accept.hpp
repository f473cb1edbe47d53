#pragma once
#include <chrono>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "bot/inbox/inbox.hpp"

namespace followup::slack {
namespace net = boost::asio;

// Slack retries (and eventually disables the subscription) when it gets no answer within 3 s.
inline constexpr std::chrono::milliseconds default_ack_deadline{2'500};

// Hands `message` to the inbox and waits for its durable commit, but no longer than `limit`.
// nullopt: the limit passed first. The work then carries on in the background (it owns the
// message and `split`) and its outcome is logged, an error if it was not stored after all.
net::awaitable<std::optional<inbox_status>> accept_within(inbox& in, inbound message,
                                                          inbox::split_fn split,
                                                          std::chrono::milliseconds limit);

}  // namespace followup::slack
