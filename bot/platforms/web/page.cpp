#include "bot/platforms/web/page.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

namespace followup::web {
namespace {
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string etag_of(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a: enough to tell versions apart
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

// If-None-Match may list several tags, or be "*".
bool matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string_view::npos;
}
}  // namespace

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

namespace {
http_response asset_response(const asset& file, const std::string& etag,
                             std::string_view if_none_match) {
  http_response res;
  res.content_type = std::string(content_type_of(file.name));
  if (!if_none_match.empty() && matches(if_none_match, etag)) {
    res.status = 304;
  } else {
    res.status = 200;
    res.body = std::string(file.bytes);
  }
  res.headers = {{"Cache-Control", "no-cache"},
                 {"ETag", etag},
                 {"Content-Security-Policy", std::string(content_security_policy)},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"},
                 {"X-Frame-Options", "DENY"}};
  return res;
}
}  // namespace

http_response asset_response(const asset& file, std::string_view if_none_match) {
  return asset_response(file, etag_of(file.bytes), if_none_match);
}

void add_page_routes(router& routes) {
  for (const auto& file : embedded_assets()) {
    std::string path = "/";
    if (file.name != "index.html") path += file.name;
    // The bytes are compiled in: their tag is computed once, not per request.
    routes.add(
        "GET", path,
        [&file, etag = etag_of(file.bytes)](http_request req) -> net::awaitable<http_response> {
          co_return asset_response(file, etag, req.header("if-none-match"));
        });
  }
}

}  // namespace followup::web
