#include "bot/platforms/secret.hpp"

namespace followup {

bool constant_time_equals(std::string_view given, std::string_view secret) {
  if (secret.empty()) return given.empty();
  // Every byte of `given` is compared (against the secret repeated), and a length mismatch is
  // folded into the result instead of returned early. No hashing: this runs for every webhook.
  unsigned diff = given.size() != secret.size() ? 1u : 0u;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i]) ^
            static_cast<unsigned char>(secret[i % secret.size()]);
  }
  return diff == 0;
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

}  // namespace followup
