#pragma once
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/transport/http_types.hpp"

namespace followup {
namespace net = boost::asio;

using route_handler = std::function<net::awaitable<http_response>(http_request)>;

// Exact-path routes. An unknown path is 404; a known path with another method is 405.
class router {
 public:
  void add(std::string method, std::string path, route_handler handler);
  net::awaitable<http_response> dispatch(http_request request) const;

 private:
  struct route {
    std::string method;
    std::string path;
    route_handler handler;
  };
  std::vector<route> routes_;
};

}  // namespace followup
