#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include "bot/transport/http_types.hpp"
#include "bot/transport/server_limits.hpp"

// How the server turns bytes into a request: the parser's limits, what refuses a request, and
// the plain value handlers see. The server reads from sockets with these; the fuzzing target
// feeds them bytes directly, so both exercise the same code.
namespace followup::transport_detail {

using request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using beast_request = boost::beast::http::request<boost::beast::http::string_body>;

// A parser holding the server's header and body limits.
void apply_limits(request_parser& parser, const server_limits& limits);

// The status that refuses a request whose reading failed with `ec` (413 body too large, 431
// headers too large, 400 malformed), or 0 when the peer just went away or went quiet.
unsigned refusal_status(const boost::system::error_code& ec);

bool expects_continue(const beast_request& req);

// The request as handlers see it (header names lower-cased, a request id, the peer's address).
// The body moves out; the head stays, for a WebSocket upgrade to answer.
http_request to_value(beast_request& req, const std::string& remote);

// One request read from `bytes` through the limits above: the value, or the status refusing it
// (0 with no value: the bytes end before the request does).
struct read_result {
  std::optional<http_request> request;
  unsigned status = 0;
};
read_result read_request(std::string_view bytes, const server_limits& limits);

}  // namespace followup::transport_detail
