#include <cstdio>

#include "bot/app.hpp"
#include "bot/cli/commands.hpp"
#include "bot/log.hpp"

namespace followup::cli {

int serve(const std::vector<std::string>& args) {
  std::string config_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_file = args[++i];
    } else {
      std::fprintf(stderr, "serve: unexpected argument '%s' (usage: serve [--config FILE])\n",
                   args[i].c_str());
      return 2;
    }
  }
  std::string error;
  auto cfg = load_config(config_file, error);
  if (!cfg) {
    std::fprintf(stderr, "followup-bot: %s\n", error.c_str());
    return 2;
  }
  try {
    app server(*cfg);
    auto ep = server.start();
    // The address to open: a wildcard listen is reachable on loopback.
    auto host = ep.address().is_unspecified() ? std::string("127.0.0.1") : ep.address().to_string();
    auto scheme = cfg->tls_cert.empty() ? "http" : "https";
    if (cfg->web_chat) {
      std::fprintf(stderr, "Follow-Up Bot is running. Open %s://%s:%u/ in a browser to chat.\n",
                   scheme, host.c_str(), static_cast<unsigned>(ep.port()));
    } else {
      std::fprintf(stderr, "Follow-Up Bot is listening on %s://%s:%u/\n", scheme, host.c_str(),
                   static_cast<unsigned>(ep.port()));
    }
    server.run();
    return 0;
  } catch (const startup_error& e) {
    std::fprintf(stderr, "followup-bot: %s\n", e.what());
    return 1;
  }
}

}  // namespace followup::cli
