#include "bot/platforms/telegram/webhook.hpp"

#include "bot/log.hpp"
#include "bot/platforms/secret.hpp"
#include "bot/platforms/telegram/format.hpp"
#include "bot/platforms/telegram/update.hpp"

namespace followup::telegram {

net::awaitable<http_response> handle_webhook(const std::string& secret, inbox& in, metrics& stats,
                                             http_request req) {
  if (!constant_time_equals(req.header("x-telegram-bot-api-secret-token"), secret)) {
    stats.updates_rejected.fetch_add(1, std::memory_order_relaxed);
    log::warn("telegram webhook: bad secret",
              {{"request_id", req.request_id}, {"remote", req.remote}});
    co_return http_response::text(401, "unauthorized\n");
  }
  auto parsed = parse_update(req.body);
  if (!parsed.message) {
    // 200 so that Telegram does not redeliver something we will never understand.
    stats.updates_ignored.fetch_add(1, std::memory_order_relaxed);
    log::info("telegram update ignored",
              {{"request_id", req.request_id}, {"reason", parsed.ignored}});
    co_return http_response::text(200, "");
  }
  static const inbox::split_fn split = [](const std::string& text) {
    return split_message(text, max_message_length);
  };
  auto status = co_await in.accept(std::move(*parsed.message), split);
  if (status == inbox_status::failed) {
    // Not stored: let Telegram deliver it again later.
    co_return http_response::text(500, "try again\n");
  }
  co_return http_response::text(200, "");
}

}  // namespace followup::telegram
