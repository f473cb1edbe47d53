#pragma once
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/transport/http_types.hpp"
#include "bot/transport/websocket.hpp"

namespace followup {
namespace net = boost::asio;

using route_handler = std::function<net::awaitable<http_response>(http_request)>;

// Exact-path routes, or every path under a prefix ("/calendar/*"). An unknown path is 404; a known
// path with another method is 405; a WebSocket path asked for without the upgrade is 426.
class router {
 public:
  void add(std::string method, std::string path, route_handler handler);
  // A WebSocket endpoint: the server calls `handler` for a GET with `Upgrade: websocket`.
  void add_upgrade(std::string path, upgrade_handler handler);
  net::awaitable<http_response> dispatch(http_request request) const;
  // The upgrade handler for `path`, or nullptr.
  const upgrade_handler* find_upgrade(const std::string& path) const;

 private:
  struct route {
    std::string method;
    std::string path;
    route_handler handler;
  };
  struct upgrade_route {
    std::string path;
    upgrade_handler handler;
  };
  std::vector<route> routes_;
  std::vector<upgrade_route> upgrades_;
};

}  // namespace followup
