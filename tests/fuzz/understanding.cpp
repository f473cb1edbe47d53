// The whole understanding of what people write: one document per message, intents, entities,
// dates in the user's zone, the dialogue and the handlers. The input is up to three messages
// separated by NUL bytes, sent by one user in turn (so a pending question meets the next
// message); its first byte picks the zone and the hour of day.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "bot/conversation/knowledge.hpp"
#include "bot/conversation/rules.hpp"
#include "bot/engine/engine.hpp"

namespace {
std::unique_ptr<followup::knowledge> brain;

constexpr const char* zones[] = {"UTC",
                                 "America/New_York",
                                 "Europe/London",
                                 "Asia/Kolkata",
                                 "Pacific/Chatham",
                                 "America/St_Johns",
                                 "Australia/Lord_Howe",
                                 ""};
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::vector<followup::rules_error> errors;
  auto r = followup::load_rules(FOLLOWUP_SOURCE_DIR "/rules", errors);
  if (!r) std::abort();
  brain = std::make_unique<followup::knowledge>(std::move(*r));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace followup;
  if (size == 0 || size > 4096) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::uint8_t pick = data[0];

  user_state user;
  user.platform = "telegram";
  user.id = "42";
  user.chat_id = "42";
  user.timezone = zones[pick % std::size(zones)];
  user.is_new = (pick & 0x80) != 0;
  auto now = sys_time{} + std::chrono::seconds(1796000000) + std::chrono::hours(pick % 24);

  for (int turn = 0; turn < 3 && !input.empty(); ++turn) {
    auto nul = input.find('\0');
    auto text = input.substr(0, nul);
    input = nul == std::string_view::npos ? std::string_view{} : input.substr(nul + 1);

    inbound m;
    m.platform = "telegram";
    m.update_id = std::to_string(turn);
    m.user_id = "42";
    m.chat_id = "42";
    m.user_name = "Sam";
    m.text = std::string(text);
    m.sent_at = now;
    auto meaning = understand(*brain, m);
    auto fx = respond(*brain, m, meaning, user, now);
    // Every answer says something, and no slot is left unfilled for the user to see.
    // (A calendar request's link is added by the inbox, which draws the token.)
    if (fx.replies.empty() && fx.ask.empty() && !fx.calendar) __builtin_trap();
    for (const auto& reply : fx.replies) {
      if (reply.find("{") != std::string::npos && reply.find("}") != std::string::npos &&
          text.find('{') == std::string_view::npos) {
        __builtin_trap();
      }
    }
    if (fx.forget_user) break;
    if (fx.conversation) user.conversation = *fx.conversation;
    if (fx.timezone) user.timezone = *fx.timezone;
    if (fx.settings) user.settings = *fx.settings;
    if (fx.interviews) user.interviews = *fx.interviews;
    user.is_new = false;
    now += std::chrono::minutes(7);
  }
  return 0;
}
