#include "bot/transport/router.hpp"

namespace followup {

void router::add(std::string method, std::string path, route_handler handler) {
  routes_.push_back(route{std::move(method), std::move(path), std::move(handler)});
}

void router::add_upgrade(std::string path, upgrade_handler handler) {
  upgrades_.push_back(upgrade_route{std::move(path), std::move(handler)});
}

const upgrade_handler* router::find_upgrade(const std::string& path) const {
  for (const auto& u : upgrades_) {
    if (u.path == path) return &u.handler;
  }
  return nullptr;
}

net::awaitable<http_response> router::dispatch(http_request request) const {
  std::string allowed;
  for (const auto& r : routes_) {
    // "/calendar/*": every path under /calendar/ (the handler reads the rest).
    bool prefix = r.path.ends_with('*') &&
                  request.path.starts_with(std::string_view(r.path).substr(0, r.path.size() - 1));
    if (r.path != request.path && !prefix) continue;
    if (r.method == request.method || (r.method == "GET" && request.method == "HEAD")) {
      co_return co_await r.handler(std::move(request));
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += r.method;
  }
  if (allowed.empty() && find_upgrade(request.path)) {
    auto res = http_response::text(426, "this is a WebSocket endpoint\n");
    res.headers.emplace_back("Upgrade", "websocket");
    co_return res;
  }
  if (allowed.empty()) co_return http_response::text(404, "not found\n");
  auto res = http_response::text(405, "method not allowed\n");
  res.headers.emplace_back("Allow", allowed);
  co_return res;
}

}  // namespace followup
