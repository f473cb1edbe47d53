// What a page sends over its WebSocket, and the query string and Origin of its upgrade request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/web/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace web = followup::web;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto frame = web::parse_client_frame(input, error);
  if (!frame && error.empty()) __builtin_trap();
  if (frame && !frame->id.empty() && !web::valid_message_id(frame->id)) __builtin_trap();
  if (frame) (void)web::ack_frame(frame->id);
  (void)web::error_frame(error, input.substr(0, 64), true);
  if (auto user = web::query_param(input, "user")) {
    (void)web::valid_user_id(*user);
  }
  auto cut = input.find(' ');
  if (cut != std::string_view::npos) {
    (void)web::same_origin(input.substr(0, cut), input.substr(cut + 1));
  }
  return 0;
}
