// followup-bot: a thin command line over the library; each subcommand lives in bot/cli/.
#include <cstdio>
#include <string>
#include <vector>

#include "bot/cli/commands.hpp"

namespace {
constexpr const char* usage =
    "usage: followup-bot COMMAND [ARGS]\n"
    "  serve [--config FILE]           run the server (default 127.0.0.1:8080, var/followup.db)\n"
    "  chat                            talk to the bot in this terminal\n"
    "  classify                        one message per stdin line -> one JSON line each\n"
    "  check-rules [DIR]               validate the rules data\n"
    "  export --user PLATFORM:ID       print a user's data as JSON\n"
    "  stories FILE...                 run conversation stories under a virtual clock\n"
    "  eval-nlu [FILE]                 intent accuracy on a labelled set (tests/nlu/eval.tsv)\n"
    "  eval-dates [FILE]               date resolution on a labelled set (tests/nlu/dates.tsv)\n"
    "  telegram set-webhook --url URL [--certificate PEM]\n"
    "                                  register the webhook with Telegram\n";
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(usage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  auto command = args[0];
  args.erase(args.begin());
  using namespace followup::cli;
  if (command == "serve") return serve(args);
  if (command == "chat") return chat(args);
  if (command == "classify") return classify(args);
  if (command == "check-rules") return check_rules(args);
  if (command == "telegram") return telegram(args);
  if (command == "export") return export_user(args);
  if (command == "stories") return stories(args);
  if (command == "eval-nlu") return eval_nlu(args);
  if (command == "eval-dates") return eval_dates(args);
  std::fprintf(stderr, "followup-bot: unknown command '%s'\n%s", command.c_str(), usage);
  return 2;
}
