#include <cstdio>
#include <fstream>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/cli/commands.hpp"
#include "bot/config.hpp"
#include "bot/platforms/telegram/client.hpp"

namespace followup::cli {

int telegram(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "set-webhook") {
    std::fprintf(stderr, "telegram: usage: telegram set-webhook --url URL [--certificate PEM]\n");
    return 2;
  }
  std::string url, cert_file;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--url" && i + 1 < args.size()) {
      url = args[++i];
    } else if (args[i] == "--certificate" && i + 1 < args.size()) {
      cert_file = args[++i];
    } else {
      std::fprintf(stderr, "telegram set-webhook: unexpected argument '%s'\n", args[i].c_str());
      return 2;
    }
  }
  std::string error;
  auto cfg = load_config("", error);
  if (!cfg) {
    std::fprintf(stderr, "telegram: %s\n", error.c_str());
    return 2;
  }
  if (url.empty() || !url.starts_with("https://")) {
    std::fprintf(stderr, "telegram set-webhook: --url must be an https:// URL (Telegram's rule)\n");
    return 2;
  }
  if (cfg->telegram_token.empty() || cfg->telegram_secret.empty()) {
    std::fprintf(
        stderr, "telegram set-webhook: set FOLLOWUP_TELEGRAM_TOKEN and FOLLOWUP_TELEGRAM_SECRET\n");
    return 2;
  }
  // Only a self-signed certificate is uploaded (--certificate); a CA-issued one must not be.
  std::optional<std::string> certificate;
  if (!cert_file.empty()) {
    std::ifstream in(cert_file);
    if (!in) {
      std::fprintf(stderr, "telegram set-webhook: cannot read %s\n", cert_file.c_str());
      return 1;
    }
    std::stringstream pem;
    pem << in.rdbuf();
    certificate = pem.str();
  }
  auto api = parse_url(cfg->telegram_api);
  if (!api) {
    std::fprintf(stderr, "telegram: FOLLOWUP_TELEGRAM_API is not an http(s) URL\n");
    return 2;
  }
  net::io_context ioc;
  followup::telegram::client client(ioc.get_executor(), *api, cfg->telegram_token);
  auto result = net::co_spawn(ioc, client.set_webhook(url, cfg->telegram_secret, certificate),
                              net::use_future);
  ioc.run();
  auto outcome = result.get();
  if (outcome.status != send_status::delivered) {
    std::fprintf(stderr, "telegram set-webhook failed: %s\n", outcome.error.c_str());
    return 1;
  }
  std::printf("webhook set to %s%s\n", url.c_str(), certificate ? " (certificate uploaded)" : "");
  return 0;
}

}  // namespace followup::cli
