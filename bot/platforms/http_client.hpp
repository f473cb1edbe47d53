#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

namespace followup {
namespace net = boost::asio;

struct url_parts {
  bool tls = true;
  std::string host;
  std::string port;
  std::string path;  // without a trailing slash, may be empty
};

// http(s)://host[:port][/path]; nullopt for anything else.
std::optional<url_parts> parse_url(std::string_view url);

struct client_response {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
  // Retry-After as a number of seconds; nullopt when absent, negative or not a number (an HTTP
  // date). Each API client applies its own fallback and cap.
  std::optional<long long> retry_after_seconds() const;
};

// `s` as a JSON string, quotes included, for request bodies written by hand; invalid UTF-8 is
// replaced rather than thrown on, since the text may come from anyone.
std::string json_quote(const std::string& s);

struct client_limits {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds request_timeout{15'000};
  std::size_t max_response_bytes = 1024 * 1024;
  std::size_t max_idle_connections = 64;
};

// HTTP/1.1 client for one origin, reusing keep-alive connections. HTTPS verifies the
// certificate chain against the system store and the host name, and sends SNI.
// Not thread-safe: use it from one strand.
class http_client {
 public:
  http_client(net::any_io_executor ex, url_parts origin, client_limits limits = {});
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // `target` is appended to the origin's path. Network failures and timeouts are error codes.
  net::awaitable<boost::system::result<client_response>> request(
      std::string_view method, std::string target, std::string body,
      std::string content_type = "application/json");

  // Multipart form upload (setWebhook with a certificate).
  static std::string multipart_boundary();

  // Sent with every request from now on (e.g. Authorization for an API that wants a bearer
  // token rather than a token in the URL).
  void set_header(std::string name, std::string value);

  const url_parts& origin() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace followup
