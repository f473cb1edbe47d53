// A fake platform API for the load benchmark: answers every request with {"ok":true}, counts
// them, and writes the count to the file given when it receives SIGTERM/SIGINT.
//
// It shares the machine's two cores with the bot and wrk, so it is kept lean: one thread, one
// buffer per connection, a canned response, pipelined requests answered with one write. (The
// tests' recording fake, tests/support/fake_api, uses Beast's parser and locks per request.)
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio.hpp>

namespace net = boost::asio;
using tcp = net::ip::tcp;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

namespace {

constexpr std::string_view canned =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n"
    "{\"ok\":true,\"result\":{}}";
constexpr std::size_t max_request = 1 << 20;
unsigned long long answered = 0;

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

struct request_head {
  std::size_t head_size = 0;  // up to and including the blank line
  std::size_t body_size = 0;
  bool close = false;
};

// The head of the request at the start of `data`, if it has fully arrived.
std::optional<request_head> parse_head(std::string_view data) {
  auto end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  request_head h;
  h.head_size = end + 4;
  auto head = data.substr(0, end + 2);
  std::size_t pos = head.find("\r\n") + 2;  // past the request line
  while (pos < head.size()) {
    auto eol = head.find("\r\n", pos);
    auto line = head.substr(pos, eol - pos);
    if (iequals_prefix(line, "content-length:")) {
      h.body_size = std::strtoull(std::string(line.substr(15)).c_str(), nullptr, 10);
    } else if (iequals_prefix(line, "connection:") &&
               line.find("close") != std::string_view::npos) {
      h.close = true;
    }
    pos = eol + 2;
  }
  return h;
}

net::awaitable<void> session(tcp::socket socket) {
  std::string in, out;
  char chunk[16384];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(net::buffer(chunk), use_tuple);
    if (ec) co_return;
    in.append(chunk, n);
    bool close = false;
    std::size_t used = 0;
    while (auto h = parse_head(std::string_view(in).substr(used))) {
      if (h->head_size + h->body_size > max_request) co_return;
      if (in.size() - used < h->head_size + h->body_size) break;
      used += h->head_size + h->body_size;
      out += canned;
      ++answered;
      if (h->close) {
        close = true;
        break;
      }
    }
    in.erase(0, used);
    if (in.size() > max_request) co_return;
    if (!out.empty()) {
      auto [wec, wn] = co_await net::async_write(socket, net::buffer(out), use_tuple);
      out.clear();
      if (wec) co_return;
    }
    if (close) co_return;
  }
}

net::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) co_return;
    socket.set_option(tcp::no_delay(true));
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), [](std::exception_ptr e) {
      if (e) std::fprintf(stderr, "fake API: a connection failed\n");
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: followup-fake-api PORT COUNT_FILE\n");
    return 2;
  }
  net::io_context ioc(1);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"),
                   static_cast<unsigned short>(std::atoi(argv[1])));
  tcp::acceptor acceptor(ioc, ep);
  std::fprintf(stderr, "fake API listening on 127.0.0.1:%u\n",
               static_cast<unsigned>(acceptor.local_endpoint().port()));
  net::signal_set signals(ioc, SIGTERM, SIGINT);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  net::co_spawn(ioc, accept_loop(acceptor), [](std::exception_ptr e) {
    if (e) std::fprintf(stderr, "fake API: the accept loop failed\n");
  });
  ioc.run();
  if (FILE* f = std::fopen(argv[2], "w")) {
    std::fprintf(f, "%llu\n", answered);
    std::fclose(f);
  }
  return 0;
}
