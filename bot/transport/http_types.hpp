#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup {

// The request as handlers see it: a plain value, no Beast types past the transport.
struct http_request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // path and query as sent
  std::string path;                                          // target without the query
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string request_id;
  std::string remote;

  // The first header named `name` (lower-case), or empty.
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
  bool has_header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.first == name) return true;
    }
    return false;
  }
};

struct http_response {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static http_response text(unsigned status, std::string body) {
    return http_response{status, "text/plain; charset=utf-8", std::move(body), {}};
  }
  static http_response json(unsigned status, std::string body) {
    return http_response{status, "application/json", std::move(body), {}};
  }
};

}  // namespace followup
