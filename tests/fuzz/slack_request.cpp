// A slash command's form body with its signature headers: the input is split at the first two
// newlines into timestamp, signature and body.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/platforms/slack/signature.hpp"
#include "bot/platforms/slack/slash_command.hpp"

namespace {
std::string_view take_line(std::string_view& rest) {
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) {
    auto all = rest;
    rest = {};
    return all;
  }
  auto line = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  return line;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace slack = followup::slack;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auto timestamp = take_line(rest);
  auto signature = take_line(rest);
  auto body = rest;
  const std::string secret = "8f742231b10e8888abcd99yyyzzz85a5";
  auto now = followup::sys_time{} + std::chrono::seconds(1700000000);
  auto status = slack::verify(secret, timestamp, signature, body, now);
  // A forged signature never verifies; the genuine one for the same request does.
  if (status == slack::signature_status::valid &&
      signature != slack::sign(secret, timestamp, body)) {
    __builtin_trap();
  }
  if (slack::verify("", timestamp, signature, body, now) == slack::signature_status::valid) {
    __builtin_trap();
  }
  auto form = slack::parse_form(body);
  if (auto cmd = slack::parse_slash_command(body)) {
    auto in = slack::to_inbound(*cmd, body);
    if (in.update_id.empty()) __builtin_trap();
    (void)slack::ephemeral_response({cmd->text});
  }
  return 0;
}
