#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/conversation/rules.hpp"
#include "bot/conversation/types.hpp"

namespace followup {

// A feed token: 24 random bytes (192 bits) from the OS's generator, base64url, 32 characters.
// Only its SHA-256 is stored; the link is shown once, when it is made.
inline constexpr std::size_t calendar_token_length = 32;

// Completes a "/calendar" answer: draws the token, puts its hash in fx.calendar for the store
// and appends the link, worded from rules ("calendar.link" or "calendar.link_reset").
// `public_url`: FOLLOWUP_PUBLIC_URL, without a trailing slash.
void issue_calendar_link(const rules& r, effects& fx, std::string_view public_url,
                         std::uint64_t seed);

// SHA-256 of a token, lower-case hex.
std::string calendar_token_hash(std::string_view token);
// What a token can look like: exactly calendar_token_length base64url characters.
bool well_formed_calendar_token(std::string_view token);

}  // namespace followup
