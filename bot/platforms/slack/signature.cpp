#include "bot/platforms/slack/signature.hpp"

#include <charconv>
#include <cstdint>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bot/platforms/secret.hpp"

namespace followup::slack {

std::string_view to_string(signature_status s) {
  switch (s) {
    case signature_status::valid:
      return "valid";
    case signature_status::missing_headers:
      return "missing signature headers";
    case signature_status::malformed_timestamp:
      return "malformed timestamp";
    case signature_status::stale_timestamp:
      return "timestamp too far from now";
    case signature_status::bad_signature:
      return "bad signature";
  }
  return "unknown";
}

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string base;
  base.reserve(timestamp.size() + body.size() + 4);
  base.append("v0:").append(timestamp).append(":").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(base.data()), base.size(), mac, &mac_len)) {
    throw std::runtime_error("HMAC-SHA256 failed");  // OpenSSL itself is broken: a bug
  }
  return "v0=" + to_hex(std::span<const unsigned char>(mac, mac_len));
}

signature_status verify(std::string_view secret, std::string_view timestamp,
                        std::string_view signature, std::string_view body, sys_time now) {
  if (timestamp.empty() || signature.empty()) return signature_status::missing_headers;
  // Seconds since the epoch: digits only, and few enough that the arithmetic cannot overflow.
  std::int64_t seconds = 0;
  auto end = timestamp.data() + timestamp.size();
  auto [p, ec] = std::from_chars(timestamp.data(), end, seconds);
  if (ec != std::errc{} || p != end || timestamp.size() > 12 || seconds < 0) {
    return signature_status::malformed_timestamp;
  }
  auto sent = sys_time{std::chrono::seconds{seconds}};
  auto skew = now > sent ? now - sent : sent - now;
  if (skew > max_clock_skew) return signature_status::stale_timestamp;
  if (secret.empty()) return signature_status::bad_signature;
  auto expected = sign(secret, timestamp, body);
  return constant_time_equals(signature, expected) ? signature_status::valid
                                                   : signature_status::bad_signature;
}

}  // namespace followup::slack
