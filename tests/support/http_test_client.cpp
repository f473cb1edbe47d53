#include "tests/support/http_test_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace followup::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct http_test_client::impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port;

  void connect() {
    if (socket.is_open()) return;
    socket.connect(tcp::endpoint(net::ip::make_address(host), port));
    timeval tv{10, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    buffer.clear();
  }

  test_response read() {
    test_response out;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) {
      socket.close();
      out.closed = true;
      return out;
    }
    auto res = parser.release();
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& f : res)
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    if (!res.keep_alive()) {
      out.closed = true;
      socket.close();
    }
    return out;
  }
};

http_test_client::http_test_client(const std::string& host, std::uint16_t port)
    : impl_(std::make_unique<impl>()) {
  impl_->host = host;
  impl_->port = port;
}
http_test_client::~http_test_client() = default;

test_response http_test_client::request(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  impl_->connect();
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST") {
    if (req.find(http::field::content_type) == req.end())
      req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.keep_alive(true);
  req.prepare_payload();
  beast::error_code ec;
  http::write(impl_->socket, req, ec);
  // A server that refuses a large body early may reset while we still write; read anyway.
  return impl_->read();
}

test_response http_test_client::raw(const std::string& bytes) {
  impl_->connect();
  beast::error_code ec;
  net::write(impl_->socket, net::buffer(bytes), ec);
  return impl_->read();
}

std::string telegram_update(std::int64_t update_id, std::int64_t user_id, const std::string& text) {
  nlohmann::json u{{"update_id", update_id},
                   {"message",
                    {{"message_id", update_id},
                     {"from", {{"id", user_id}, {"is_bot", false}, {"first_name", "Ann"}}},
                     {"chat", {{"id", user_id}, {"type", "private"}}},
                     {"date", 1764000000},
                     {"text", text}}}};
  return u.dump();
}

}  // namespace followup::testing
