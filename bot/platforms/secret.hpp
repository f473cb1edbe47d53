#pragma once
#include <span>
#include <string>
#include <string_view>

namespace followup {
// Whether `given` (what a request carried) equals `secret`, in time that depends only on the
// length of `given`: neither where they differ nor the secret's length shows.
bool constant_time_equals(std::string_view given, std::string_view secret);

// Lower-case hexadecimal of `bytes`.
std::string to_hex(std::span<const unsigned char> bytes);

}  // namespace followup
