#include "tests/support/fake_api.hpp"

#include <condition_variable>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace followup::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

struct fake_api::impl {
  explicit impl(fake_api& owner, bool record) : owner(owner), record(record) {}
  fake_api& owner;
  bool record;
  std::unique_ptr<net::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<api_call> calls;
  std::deque<api_reply> scripted;
  api_reply fallback;

  api_reply next_reply() {
    std::lock_guard lock(mutex);
    if (!scripted.empty()) {
      auto r = scripted.front();
      scripted.pop_front();
      return r;
    }
    return fallback;
  }

  net::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      stream.expires_after(std::chrono::seconds(30));
      auto [ec, n] = co_await http::async_read(stream, buffer, req, use_tuple);
      if (ec) co_return;
      std::string target(req.target());
      auto slash = target.rfind('/');
      api_call call;
      call.at = std::chrono::steady_clock::now();
      call.method = slash == std::string::npos ? target : target.substr(slash + 1);
      call.target = target;
      if (record) {
        call.body = req.body();
        for (const auto& f : req) {
          std::string name(f.name_string());
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          call.headers.emplace_back(std::move(name), std::string(f.value()));
        }
      }
      auto reply = next_reply();
      if (reply.delay.count() > 0) {
        net::steady_timer t(stream.get_executor(), reply.delay);
        co_await t.async_wait(use_tuple);
      }
      if (reply.status == 0) {  // scripted connection drop
        stream.close();
        co_return;
      }
      {
        std::lock_guard lock(mutex);
        if (record) calls.push_back(std::move(call));
        owner.count_.fetch_add(1);
      }
      changed.notify_all();
      http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
      res.set(http::field::content_type, "application/json");
      for (auto& [k, v] : reply.headers) res.set(k, v);
      res.body() = reply.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      if (reply.end != api_reply::ending::whole) {
        // The head promises the whole body; half of it comes, then the connection ends.
        http::response_serializer<http::string_body> sr(res);
        auto [hec, hn] = co_await http::async_write_header(stream, sr, use_tuple);
        auto half = net::buffer(reply.body.data(), reply.body.size() / 2);
        auto [bec, bn] = co_await net::async_write(stream, half, use_tuple);
        beast::error_code ignored;
        if (reply.end == api_reply::ending::reset) {
          stream.socket().set_option(net::socket_base::linger(true, 0), ignored);
        }
        stream.socket().close(ignored);
        co_return;
      }
      auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
      if (wec || !req.keep_alive()) co_return;
    }
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor->async_accept(use_tuple);
      if (ec) co_return;
      net::co_spawn(acceptor->get_executor(), session(std::move(socket)), net::detached);
    }
  }
};

fake_api::fake_api(bool record) : impl_(std::make_unique<impl>(*this, record)) {}
fake_api::~fake_api() {
  stop();
}

std::uint16_t fake_api::start(std::uint16_t port) {
  stop();
  impl_->ioc = std::make_unique<net::io_context>(1);
  impl_->acceptor = std::make_unique<tcp::acceptor>(*impl_->ioc);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
  impl_->acceptor->open(ep.protocol());
  impl_->acceptor->set_option(net::socket_base::reuse_address(true));
  impl_->acceptor->bind(ep);
  impl_->acceptor->listen();
  port_ = impl_->acceptor->local_endpoint().port();
  net::co_spawn(*impl_->ioc, impl_->accept_loop(), net::detached);
  impl_->thread = std::thread([this] { impl_->ioc->run(); });
  return port_;
}

void fake_api::stop() {
  if (!impl_->thread.joinable()) return;
  net::post(*impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
    impl_->ioc->stop();
  });
  impl_->thread.join();
  // Destroying the context closes every open connection, as a crashed server would.
  impl_->acceptor.reset();
  impl_->ioc.reset();
}

void fake_api::push_reply(api_reply r) {
  std::lock_guard lock(impl_->mutex);
  impl_->scripted.push_back(std::move(r));
}

void fake_api::set_default(api_reply r) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback = std::move(r);
}

std::vector<api_call> fake_api::calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->calls;
}

std::vector<api_call> fake_api::calls_to(const std::string& method) const {
  std::vector<api_call> out;
  for (auto& c : calls()) {
    if (c.method == method) out.push_back(c);
  }
  return out;
}

bool fake_api::wait_for(const std::string& method, std::size_t n,
                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] {
    std::size_t k = 0;
    for (const auto& c : impl_->calls) k += c.method == method;
    return k >= n;
  });
}

}  // namespace followup::testing
