// Bytes from a socket through the server's own parser and limits (request_reading.hpp), with
// the limits lowered so that the fuzzer reaches them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/transport/request_reading.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace td = followup::transport_detail;
  followup::server_limits limits;
  limits.header_bytes = 2048;
  limits.body_bytes = 4096;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = td::read_request(bytes, limits);
  if (result.request) {
    if (result.status != 0) __builtin_trap();
    if (result.request->body.size() > limits.body_bytes) __builtin_trap();
  } else if (result.status != 0 && result.status != 400 && result.status != 413 &&
             result.status != 431) {
    __builtin_trap();
  }
  return 0;
}
