#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace followup::testing {

struct test_response {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool closed = false;  // the server closed the connection after answering
};

// A blocking HTTP/1.1 client over one keep-alive connection, for tests.
class http_test_client {
 public:
  http_test_client(const std::string& host, std::uint16_t port);
  ~http_test_client();
  test_response request(const std::string& method, const std::string& target,
                        const std::string& body = {},
                        const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Sends raw bytes and reads whatever response comes (for malformed-input tests).
  test_response raw(const std::string& bytes);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

std::string telegram_update(std::int64_t update_id, std::int64_t user_id, const std::string& text);

// The secret header of test_config's Telegram webhook.
inline const std::vector<std::pair<std::string, std::string>> telegram_secret_header{
    {"X-Telegram-Bot-Api-Secret-Token", "s3cret-token"}};

// telegram_update() posted to the webhook with that secret; the status of the answer.
inline unsigned post_telegram(http_test_client& c, std::int64_t update_id, std::int64_t user_id,
                              const std::string& text) {
  return c
      .request("POST", "/telegram/webhook", telegram_update(update_id, user_id, text),
               telegram_secret_header)
      .status;
}

}  // namespace followup::testing
