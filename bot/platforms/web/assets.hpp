#pragma once
#include <span>
#include <string_view>

namespace followup::web {

struct asset {
  std::string_view name;  // file name in bot/platforms/web/static
  std::string_view bytes;
};

// The files of bot/platforms/web/static, compiled into the binary at build time (embed.cmake),
// so the page needs no install step and always matches the server. Sorted by name.
std::span<const asset> embedded_assets();

}  // namespace followup::web
