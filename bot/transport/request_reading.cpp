#include "bot/transport/request_reading.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <random>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

namespace followup::transport_detail {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {
std::string make_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint32_t prefix = std::random_device{}();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08x-%llx", prefix,
                static_cast<unsigned long long>(counter.fetch_add(1, std::memory_order_relaxed)));
  return buf;
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (unsigned char c : id) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}
}  // namespace

void apply_limits(request_parser& parser, const server_limits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
  parser.body_limit(limits.body_bytes);
}

unsigned refusal_status(const boost::system::error_code& ec) {
  if (!ec) return 0;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset ||
      ec == net::error::eof) {
    return 0;
  }
  return 400;
}

bool expects_continue(const beast_request& req) {
  return beast::iequals(req[http::field::expect], "100-continue");
}

http_request to_value(beast_request& req, const std::string& remote) {
  http_request value;
  value.method = std::string(req.method_string());
  value.target = std::string(req.target());
  value.path = value.target.substr(0, value.target.find('?'));
  value.headers.reserve(8);
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    value.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  value.body = std::move(req.body());
  auto given = value.header("x-request-id");
  value.request_id = valid_request_id(given) ? std::string(given) : make_request_id();
  value.remote = remote;
  return value;
}

read_result read_request(std::string_view bytes, const server_limits& limits) {
  request_parser parser;
  apply_limits(parser, limits);
  read_result out;
  boost::system::error_code ec;
  // As the socket would deliver them: in pieces, the parser keeping what it has not used.
  std::string pending;
  std::size_t at = 0;
  while (!parser.is_done()) {
    if (pending.empty() && at == bytes.size()) break;
    auto piece = std::min<std::size_t>(bytes.size() - at, 1024);
    pending.append(bytes.substr(at, piece));
    at += piece;
    auto used = parser.put(net::buffer(pending), ec);
    if (ec == http::error::need_more) {
      ec = {};
      if (piece == 0) break;
      pending.erase(0, used);
      continue;
    }
    if (ec) {
      out.status = refusal_status(ec);
      return out;
    }
    pending.erase(0, used);
  }
  if (!parser.is_done()) {
    // The bytes ended: what the server does when the peer closes mid-request.
    parser.put_eof(ec);
    if (ec) {
      out.status = refusal_status(ec);
      return out;
    }
    if (!parser.is_done()) return out;
  }
  auto req = parser.release();
  out.request = to_value(req, {});
  return out;
}

}  // namespace followup::transport_detail
