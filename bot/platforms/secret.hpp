#pragma once
#include <string_view>

namespace followup {
// Equality in time independent of where the inputs differ and of their lengths.
bool constant_time_equals(std::string_view a, std::string_view b);
}  // namespace followup
