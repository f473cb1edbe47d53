#pragma once
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "bot/clock.hpp"

namespace followup::slack {

// Slack signs every request it sends (Events API, slash commands) with the app's signing secret:
// X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + body)).
enum class signature_status {
  valid,
  missing_headers,      // no timestamp or no signature header
  malformed_timestamp,  // not a number of seconds
  stale_timestamp,      // more than max_clock_skew away from now: a possible replay
  bad_signature,
};

// Slack's own SDKs reject requests older than five minutes; so do we, in both directions.
inline constexpr std::chrono::seconds max_clock_skew{5 * 60};

std::string_view to_string(signature_status s);

// The X-Slack-Signature value Slack would send for this request.
std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

// Checks the two headers against the raw body. `now` is injected so that tests can use
// recorded requests. An empty secret never verifies.
signature_status verify(std::string_view secret, std::string_view timestamp,
                        std::string_view signature, std::string_view body, sys_time now);

}  // namespace followup::slack
