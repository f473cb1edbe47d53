#include "tests/support/fake_slack_api.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace followup::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

api_reply post_message_ok() {
  api_reply r;
  r.body = R"({"ok":true,"channel":"D024BE91L","ts":"1503435956.000247"})";
  return r;
}
}  // namespace

struct fake_slack_api::impl {
  std::unique_ptr<net::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<slack_call> calls;
  std::deque<api_reply> scripted;
  api_reply fallback = post_message_ok();

  api_reply next_reply() {
    std::lock_guard lock(mutex);
    if (scripted.empty()) return fallback;
    auto r = scripted.front();
    scripted.pop_front();
    return r;
  }

  net::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      stream.expires_after(std::chrono::seconds(30));
      auto [ec, n] = co_await http::async_read(stream, buffer, req, use_tuple);
      if (ec) co_return;
      slack_call call;
      call.at = std::chrono::steady_clock::now();
      call.target = std::string(req.target());
      auto slash = call.target.rfind('/');
      call.method = slash == std::string::npos ? call.target : call.target.substr(slash + 1);
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        call.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      call.body = req.body();
      auto reply = next_reply();
      if (reply.delay.count() > 0) {
        net::steady_timer t(stream.get_executor(), reply.delay);
        co_await t.async_wait(use_tuple);
      }
      {
        std::lock_guard lock(mutex);
        calls.push_back(std::move(call));
      }
      changed.notify_all();
      http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
      res.set(http::field::content_type, "application/json; charset=utf-8");
      for (auto& [k, v] : reply.headers) res.set(k, v);
      res.body() = reply.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
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

fake_slack_api::fake_slack_api() : impl_(std::make_unique<impl>()) {}
fake_slack_api::~fake_slack_api() {
  stop();
}

std::uint16_t fake_slack_api::start(std::uint16_t port) {
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

void fake_slack_api::stop() {
  if (!impl_->thread.joinable()) return;
  net::post(*impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
    impl_->ioc->stop();
  });
  impl_->thread.join();
  impl_->acceptor.reset();
  impl_->ioc.reset();
}

void fake_slack_api::push_reply(api_reply r) {
  std::lock_guard lock(impl_->mutex);
  impl_->scripted.push_back(std::move(r));
}

void fake_slack_api::set_default(api_reply r) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback = std::move(r);
}

std::vector<slack_call> fake_slack_api::calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->calls;
}

bool fake_slack_api::wait_for(const std::string& method, std::size_t n,
                              std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] {
    std::size_t k = 0;
    for (const auto& c : impl_->calls) k += c.method == method;
    return k >= n;
  });
}

}  // namespace followup::testing
