#include "bot/inbox/calendar_link.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>
#include <openssl/sha.h>

namespace followup {

namespace {
constexpr char base64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string new_token() {
  std::array<unsigned char, 24> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("no random bytes for a calendar token");
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = (unsigned{bytes[i]} << 16) | (unsigned{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(base64url[(v >> shift) & 63]);
  }
  return out;
}
}  // namespace

std::string calendar_token_hash(std::string_view token) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (auto b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  return out;
}

bool well_formed_calendar_token(std::string_view token) {
  if (token.size() != calendar_token_length) return false;
  for (char c : token) {
    if (std::string_view(base64url).find(c) == std::string_view::npos) return false;
  }
  return true;
}

void issue_calendar_link(const rules& r, effects& fx, std::string_view public_url,
                         std::uint64_t seed) {
  if (!fx.calendar) return;
  auto token = new_token();
  fx.calendar->token_hash = calendar_token_hash(token);
  auto link = std::string(public_url) + "/calendar/" + token + ".ics";
  fx.replies.push_back(
      r.say(fx.calendar->reset ? "calendar.link_reset" : "calendar.link", seed, {{"link", link}}));
}

}  // namespace followup
