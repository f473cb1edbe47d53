#include "bot/platforms/secret.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace followup {

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Hashing first makes both sides the same length, so the comparison leaks neither the
  // position of the first difference nor the secret's length.
  unsigned char ha[SHA256_DIGEST_LENGTH];
  unsigned char hb[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), ha);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), hb);
  return CRYPTO_memcmp(ha, hb, sizeof ha) == 0;
}

}  // namespace followup
