#include <chrono>
#include <cstdio>

#include "bot/cli/commands.hpp"
#include "bot/cli/rules_loading.hpp"
#include "bot/config.hpp"
#include "bot/conversation/nlu/evaluation.hpp"

namespace followup::cli {

// Intent accuracy on a labelled set the classifier never trained on. Exit 1 below the
// targets (accuracy 0.92, every intent's recall 0.80), so CI can hold the line.
int eval_nlu(const std::vector<std::string>& args) {
  std::string file = args.empty() ? FOLLOWUP_SOURCE_DIR "/tests/nlu/eval.tsv" : args[0];
  std::string config_error;
  auto cfg = load_config("", config_error);
  if (!cfg) {
    std::fprintf(stderr, "eval-nlu: %s\n", config_error.c_str());
    return 2;
  }
  auto r = load_rules_or_explain("eval-nlu", cfg->rules_dir);
  if (!r) return 2;
  std::string error;
  auto set = nlu::read_labelled(file, error);
  if (!error.empty() || set.empty()) {
    std::fprintf(stderr, "eval-nlu: %s\n",
                 error.empty() ? (file + ": no examples").c_str() : error.c_str());
    return 2;
  }
  std::size_t examples = 0;
  for (const auto& i : r->intents) examples += i.examples.size();
  auto started = std::chrono::steady_clock::now();
  intent_classifier classifier(*r);
  auto trained =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  auto report = nlu::evaluate(classifier, set);
  std::printf(
      "Follow-Up Bot classifier trained on %zu examples in %.0f ms, evaluated on %zu messages "
      "(%s)\n",
      examples, trained, set.size(), file.c_str());
  std::printf("%s", nlu::format_report(report).c_str());
  bool ok = report.accuracy >= 0.92 && report.min_recall >= 0.80;
  std::printf("\ntargets (accuracy >= 0.92, every recall >= 0.80): %s\n", ok ? "met" : "NOT met");
  return ok ? 0 : 1;
}

}  // namespace followup::cli
