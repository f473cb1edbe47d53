#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/running_bot.hpp"
#include "tests/support/temp_dir.hpp"

using namespace followup;
using namespace followup::testing;
using namespace std::chrono_literals;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Makes a self-signed certificate with the project's own script.
void make_cert(const temp_dir& dir) {
  auto cmd = std::string("cd ") + dir.path().string() +
             " && cp " FOLLOWUP_SOURCE_DIR
             "/certs/make-dev-cert.sh . && bash make-dev-cert.sh 127.0.0.1 >/dev/null";
  BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
}

int run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& log) {
  child_process p(FOLLOWUP_BOT_BINARY, args, env, log);
  return p.wait(20000);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cli_and_tls, *boost::unit_test::label("integration"))

BOOST_AUTO_TEST_CASE(set_webhook_sends_url_secret_and_certificate) {
  temp_dir dir;
  make_cert(dir);
  fake_api api;
  api.start();
  std::vector<std::string> env{"FOLLOWUP_TELEGRAM_TOKEN=123:TEST",
                               "FOLLOWUP_TELEGRAM_SECRET=abc_DEF-1",
                               "FOLLOWUP_TELEGRAM_API=" + api.url()};
  BOOST_TEST(
      run_cli({"telegram", "set-webhook", "--url", "https://bot.example.com:8443/telegram/webhook"},
              env, dir.file("cli.log")) == 0);
  BOOST_TEST(
      run_cli({"telegram", "set-webhook", "--url", "https://203.0.113.7:8443/telegram/webhook",
               "--certificate", dir.file("dev-cert.pem")},
              env, dir.file("cli.log")) == 0);
  auto calls = api.calls_to("setWebhook");
  BOOST_REQUIRE_EQUAL(calls.size(), 2u);
  BOOST_TEST(calls[0].target == "/bot123:TEST/setWebhook");
  auto plain = nlohmann::json::parse(calls[0].body);
  BOOST_TEST(plain["url"].get<std::string>() == "https://bot.example.com:8443/telegram/webhook");
  BOOST_TEST(plain["secret_token"].get<std::string>() == "abc_DEF-1");
  // The self-signed certificate goes up as a multipart file.
  BOOST_TEST(calls[1].body.find("name=\"certificate\"; filename=\"cert.pem\"") !=
             std::string::npos);
  BOOST_TEST(calls[1].body.find("-----BEGIN CERTIFICATE-----") != std::string::npos);
  BOOST_TEST(calls[1].body.find("abc_DEF-1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_webhook_explains_what_is_missing) {
  temp_dir dir;
  BOOST_TEST(run_cli({"telegram", "set-webhook", "--url", "http://insecure/"},
                     {"FOLLOWUP_TELEGRAM_TOKEN=1:X", "FOLLOWUP_TELEGRAM_SECRET=s"},
                     dir.file("a.log")) == 2);
  BOOST_TEST(read_file(dir.file("a.log")).find("https://") != std::string::npos);
  fake_api api;
  api.set_default({401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})", {}, {}});
  api.start();
  BOOST_TEST(run_cli({"telegram", "set-webhook", "--url", "https://x.example/hook"},
                     {"FOLLOWUP_TELEGRAM_TOKEN=1:X", "FOLLOWUP_TELEGRAM_SECRET=s",
                      "FOLLOWUP_TELEGRAM_API=" + api.url()},
                     dir.file("b.log")) == 1);
  BOOST_TEST(read_file(dir.file("b.log")).find("Unauthorized") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_rules_reports_file_and_line) {
  temp_dir dir;
  std::ofstream(dir.file("replies.yaml"))
      << "replies:\n  greet: [\"hi\"]\n  help: [\"unclosed {slot\"]\n";
  std::ofstream(dir.file("intents.yaml")) << "intents:\n  greet:\n    examples: [hi]\n";
  BOOST_TEST(run_cli({"check-rules", dir.path().string()}, {}, dir.file("c.log")) == 1);
  auto out = read_file(dir.file("c.log"));
  BOOST_TEST(out.find("replies.yaml:3: reply 'help' has unbalanced { }") != std::string::npos, out);
  BOOST_TEST(run_cli({"check-rules", FOLLOWUP_SOURCE_DIR "/rules"}, {}, dir.file("d.log")) == 0);
}

BOOST_AUTO_TEST_CASE(serve_refuses_invalid_rules_and_says_why) {
  temp_dir dir;
  std::ofstream(dir.file("replies.yaml")) << "replies: [oops\n";
  std::ofstream(dir.file("intents.yaml")) << "intents: {}\n";
  BOOST_TEST(run_cli({"serve"},
                     {"FOLLOWUP_RULES=" + dir.path().string(), "FOLLOWUP_DB=" + dir.file("x.db"),
                      "FOLLOWUP_LISTEN=127.0.0.1:" + std::to_string(free_port())},
                     dir.file("e.log")) == 1);
  BOOST_TEST(read_file(dir.file("e.log")).find("invalid rules") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(serves_https_with_tls_1_2_or_newer_only) {
  temp_dir dir;
  make_cert(dir);
  fake_api api;
  api.start();
  auto cfg = test_config(dir.file("bot.db"), api.url());
  cfg.tls_cert = dir.file("dev-cert.pem");
  cfg.tls_key = dir.file("dev-key.pem");
  running_bot bot(cfg);

  net::io_context ioc;
  auto connect = [&](ssl::context& ctx) {
    auto stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, ctx);
    beast::get_lowest_layer(*stream).connect({net::ip::make_address("127.0.0.1"), bot.port()});
    beast::get_lowest_layer(*stream).expires_after(5s);
    return stream;
  };
  {
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(dir.file("dev-cert.pem"));
    ctx.set_verify_mode(ssl::verify_peer);
    auto stream = connect(ctx);
    stream->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    stream->handshake(ssl::stream_base::client);
    http::request<http::string_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(*stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(*stream, buf, res);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body().find("ok") != std::string::npos);
  }
  {
    ssl::context old(ssl::context::tlsv11_client);
    old.set_verify_mode(ssl::verify_none);
    auto stream = connect(old);
    beast::error_code ec;
    stream->handshake(ssl::stream_base::client, ec);
    BOOST_TEST(ec.failed());  // TLS 1.1 is refused
  }
}

BOOST_AUTO_TEST_SUITE_END()
