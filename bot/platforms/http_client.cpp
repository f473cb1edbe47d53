#include "bot/platforms/http_client.hpp"

#include <charconv>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <nlohmann/json.hpp>

namespace followup {
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::optional<url_parts> parse_url(std::string_view url) {
  url_parts out;
  if (url.starts_with("https://")) {
    url.remove_prefix(8);
    out.tls = true;
    out.port = "443";
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
    out.tls = false;
    out.port = "80";
  } else {
    return std::nullopt;
  }
  auto slash = url.find('/');
  auto authority = url.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(url.substr(slash));
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return std::nullopt;
      out.port = std::string(authority.substr(1));
    }
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty() || out.port.size() > 5) return std::nullopt;
  for (char c : out.port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return out;
}

std::optional<long long> client_response::retry_after_seconds() const {
  auto h = header("retry-after");
  long long v = 0;
  if (std::from_chars(h.data(), h.data() + h.size(), v).ec != std::errc{} || v < 0) {
    return std::nullopt;
  }
  return v;
}

std::string json_quote(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {
struct connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};
}  // namespace

struct http_client::impl {
  impl(net::any_io_executor ex, url_parts origin, client_limits limits)
      : ex(ex),
        origin(std::move(origin)),
        limits(limits),
        tls(ssl::context::tls_client),
        resolver(ex) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                    ssl::context::no_tlsv1_1);
  }

  net::any_io_executor ex;
  url_parts origin;
  client_limits limits;
  ssl::context tls;
  tcp::resolver resolver;
  std::vector<std::unique_ptr<connection>> idle;
  std::vector<std::pair<std::string, std::string>> extra_headers;

  net::awaitable<boost::system::result<std::unique_ptr<connection>>> connect() {
    auto [rec, endpoints] = co_await resolver.async_resolve(origin.host, origin.port, use_tuple);
    if (rec) co_return rec;
    auto c = std::make_unique<connection>();
    if (origin.tls) {
      c->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ex, tls);
      if (!SSL_set_tlsext_host_name(c->secure->native_handle(), origin.host.c_str())) {
        co_return beast::error_code(static_cast<int>(::ERR_get_error()),
                                    net::error::get_ssl_category());
      }
      c->secure->set_verify_callback(ssl::host_name_verification(origin.host));
    } else {
      c->plain = std::make_unique<beast::tcp_stream>(ex);
    }
    c->lowest().expires_after(limits.connect_timeout);
    auto [cec, ep] = co_await c->lowest().async_connect(endpoints, use_tuple);
    if (cec) co_return cec;
    c->lowest().socket().set_option(tcp::no_delay(true));
    if (c->secure) {
      auto [hec] = co_await c->secure->async_handshake(ssl::stream_base::client, use_tuple);
      if (hec) co_return hec;
    }
    co_return std::move(c);
  }

  template <class Stream>
  net::awaitable<boost::system::result<client_response>> exchange(
      Stream& stream, beast::flat_buffer& buffer, http::request<http::string_body>& req) {
    auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
    if (wec) co_return wec;
    http::response_parser<http::string_body> parser;
    parser.body_limit(limits.max_response_bytes);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (rec) co_return rec;
    auto res = parser.release();
    client_response out;
    out.status = res.result_int();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) out.headers.emplace_back("x-followup-close", "1");
    co_return out;
  }
};

http_client::http_client(net::any_io_executor ex, url_parts origin, client_limits limits)
    : impl_(std::make_unique<impl>(ex, std::move(origin), limits)) {}

http_client::~http_client() = default;

void http_client::set_header(std::string name, std::string value) {
  impl_->extra_headers.emplace_back(std::move(name), std::move(value));
}

const url_parts& http_client::origin() const {
  return impl_->origin;
}

std::string http_client::multipart_boundary() {
  std::random_device rd;
  char buf[48];
  std::snprintf(buf, sizeof buf, "followup-%08x%08x", rd(), rd());
  return buf;
}

net::awaitable<boost::system::result<client_response>> http_client::request(
    std::string_view method, std::string target, std::string body, std::string content_type) {
  auto& d = *impl_;
  http::request<http::string_body> req{http::string_to_verb(method), d.origin.path + target, 11};
  req.set(http::field::host, d.origin.host);
  req.set(http::field::user_agent, "followup-bot");
  for (const auto& [name, value] : d.extra_headers) req.set(name, value);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, content_type);
    req.body() = std::move(body);
  }
  req.keep_alive(true);
  req.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<connection> c;
    bool reused = false;
    if (!d.idle.empty()) {
      c = std::move(d.idle.back());
      d.idle.pop_back();
      reused = true;
    } else {
      auto made = co_await d.connect();
      if (!made) co_return made.error();
      c = std::move(*made);
    }
    c->lowest().expires_after(d.limits.request_timeout);
    boost::system::result<client_response> r = beast::error_code{};
    if (c->secure) {
      r = co_await d.exchange(*c->secure, c->buffer, req);
    } else {
      r = co_await d.exchange(*c->plain, c->buffer, req);
    }
    if (!r) {
      // A kept-alive connection the server closed meanwhile: try once more on a fresh one.
      auto ec = r.error();
      if (reused && attempt == 0 &&
          (ec == http::error::end_of_stream || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || ec == net::error::eof)) {
        continue;
      }
      co_return r;
    }
    bool closing = !r->header("x-followup-close").empty();
    if (!closing && d.idle.size() < d.limits.max_idle_connections) {
      c->lowest().expires_never();
      d.idle.push_back(std::move(c));
    }
    co_return r;
  }
  co_return make_error_code(net::error::connection_aborted);
}

}  // namespace followup
